"""The vector store: Chroma (embedded PersistentClient or a `chroma run` server), behind one class.

Three collections:
- `<prefix>-documents`: one record per document (full text and properties; a constant vector, never
  queried by similarity);
- `<prefix>-passages`: every passage's text and metadata (citation, language, tags, index terms),
  also with a constant vector: a document is searchable by words as soon as it is written here;
- `<prefix>-vectors-<embedder key>`: the passages' vectors of one embedder (id, vector and the
  filter fields), filled by a separate, resumable step (`studio.knowledge.vectorize`). A passage
  with no vector yet is "pending"; a vector whose passage is gone is an orphan and is dropped.
A document is written all-or-nothing and becomes visible with its passages at once (see
`replace_document`): every write has a token; a passage lists the writes it belongs to, a document
record names its published write, and only passages of a published document's published write are
listed, searched or returned. A process killed mid-write (kill -9) leaves a "pending" record or
passages of an unpublished write: hidden at once, deleted by `repair` (or by the next ingest of the
same file). Stores made before the split kept text and vectors together in `<prefix>-chunks-<key>`:
they are migrated on first open.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlparse

import numpy as np

from studio.errors import StudioError
from studio.knowledge.models import Chunk, DocumentInfo

_BATCH = 500
_CONSTANT = [1.0]  # the vector of records that are never searched by similarity
_LEGACY = "legacy"  # the write of documents and passages stored before writes had tokens
PENDING, PUBLISHED = "pending", "published"
REPAIR_GRACE_S = 600.0  # a pending write younger than this may belong to a running ingest: left alone


def make_client(settings):
    """A Chroma client for the settings: HTTP when STUDIO_CHROMA_URL is set, else on-disk."""
    import chromadb

    chroma_settings = chromadb.Settings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        try:
            client = chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError variants
            raise StudioError("store_unreachable", url=settings.chroma_url, detail=str(exc)[:200]) from None
        return client
    from studio.config import private_dir

    private_dir(settings.data_dir)  # 0700: the data dir holds the database and unpublished drafts
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


@dataclass
class StoredChunk:
    id: str
    text: str
    meta: dict


@dataclass(frozen=True)
class Orphans:
    """What a crash left behind (all of it hidden from listing and search already)."""

    pending_documents: list[str]  # records of documents never published
    stale_passages: int  # passages of an unpublished write, or of a document that no longer exists
    missing_document: int  # of those: passages whose document record is gone

    @property
    def any(self) -> bool:
        return bool(self.pending_documents or self.stale_passages)


class ChunkStore:
    """Documents, their passages and the passages' vectors of one embedder, in Chroma."""

    def __init__(self, client, embedder_id: str, prefix: str = "studio") -> None:
        self.client = client
        self.embedder_id = embedder_id
        self.prefix = prefix
        key = hashlib.sha1(embedder_id.encode()).hexdigest()[:10]
        self.docs = client.get_or_create_collection(
            f"{prefix}-documents", embedding_function=None, metadata={"generation": "0"}
        )
        self.chunks = client.get_or_create_collection(f"{prefix}-passages", embedding_function=None)
        self.vectors = client.get_or_create_collection(
            f"{prefix}-vectors-{key}",
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": embedder_id},
        )
        self._migrate_combined_collections()

    # --- generation: changes whenever the content changes, so caches know when to rebuild ---
    def generation(self) -> str:
        meta = self.client.get_collection(self.docs.name).metadata or {}
        return str(meta.get("generation", "0"))

    def _bump(self) -> None:
        self.docs.modify(metadata={"generation": uuid.uuid4().hex})

    # --- documents -------------------------------------------------------------------------
    def get_document(self, doc_id: str, include_pending: bool = False) -> tuple[DocumentInfo, str] | None:
        """The published document (None when there is none: never raises for a missing id)."""
        got = self.docs.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"] or (not include_pending and not _published(got["metadatas"][0])):
            return None
        return _info(doc_id, got["metadatas"][0]), got["documents"][0]

    def list_documents(self) -> list[DocumentInfo]:
        got = self.docs.get(include=["metadatas"])
        infos = [_info(i, m) for i, m in zip(got["ids"], got["metadatas"]) if _published(m)]
        return sorted(infos, key=lambda d: (d.lang, d.title.lower()))

    def published_writes(self) -> dict[str, str]:
        """doc id → its published write, for every published document (one small query)."""
        got = self.docs.get(include=["metadatas"])
        return {i: (m or {}).get("write", _LEGACY) for i, m in zip(got["ids"], got["metadatas"]) if _published(m)}

    def chunk_ids_of(self, doc_id: str) -> set[str]:
        return set(self.chunks.get(where={"doc_id": doc_id}, include=[])["ids"])

    def replace_document(
        self, info: DocumentInfo, text: str, chunks: list[Chunk], tags: tuple[str, ...],
        extra: list[dict] | None = None,
    ) -> str:
        """Write a document and its passages all-or-nothing; returns added | updated | unchanged.

        Order, so that a kill at any point leaves the store consistent:
        1. the document record announces the write: a new document is written "pending" (not
           listed), a published one keeps its version and gets `pending_write`;
        2. new passages are added, tagged with this write only (hidden until 3); kept passages
           (content-addressed ids) get this write added to the published one;
        3. the record is published (one upsert): from now the new version is what is visible,
           passages of the old write only are hidden;
        4. those are deleted, with their vectors.
        On an exception the added passages are removed and the old version stays whole. Content-
        addressed ids make a repeated ingest a no-op, and a passage that did not change keeps its
        vector. New passages have no vector yet: `studio.knowledge.vectorize` computes them.
        """
        previous = self.get_document(info.doc_id, include_pending=True)
        prev_meta = self.docs.get(ids=[info.doc_id], include=["metadatas"])["metadatas"][0] if previous else {}
        was_published = bool(previous) and _published(prev_meta)
        old_ids = self.chunk_ids_of(info.doc_id)
        new_ids = [c.id for c in chunks]
        layout = _layout_hash(chunks)
        if was_published and not prev_meta.get("pending_write") \
                and previous[0].content_hash == info.content_hash and old_ids == set(new_ids) \
                and previous[0].tags == info.tags and prev_meta.get("layout", "") == layout \
                and self._all_stamped(new_ids, prev_meta.get("write", _LEGACY)):
            return "unchanged"
        token = uuid.uuid4().hex
        published_write = prev_meta.get("write", _LEGACY) if was_published else None
        writes = [published_write, token] if published_write else [token]
        doc_meta = {**_doc_meta(info), "layout": layout}
        intent = {"pending_write": token, "pending_at": time.time()}
        if was_published:
            self.docs.update(ids=[info.doc_id], metadatas=[intent])
        else:
            self.docs.upsert(ids=[info.doc_id], embeddings=[_CONSTANT], documents=[text],
                             metadatas=[{**doc_meta, **intent, "state": PENDING}])
        extra = extra or [{} for _ in chunks]
        fresh = [k for k, c in enumerate(chunks) if c.id not in old_ids]
        added: list[str] = []
        try:
            for start in range(0, len(fresh), _BATCH):
                rows = fresh[start:start + _BATCH]
                batch_ids = [chunks[k].id for k in rows]
                self.chunks.add(
                    ids=batch_ids,
                    embeddings=[_CONSTANT] * len(rows),
                    documents=[chunks[k].text for k in rows],
                    metadatas=[{**_chunk_meta(chunks[k], info, tags), **extra[k], "writes": [token]} for k in rows],
                )
                added.extend(batch_ids)
            # kept chunks may have moved within a changed document or changed tags
            kept = [k for k, c in enumerate(chunks) if c.id in old_ids]
            embedded = self._vector_ids([chunks[k].id for k in kept])
            for start in range(0, len(kept), _BATCH):
                rows = kept[start:start + _BATCH]
                metas = [{**_chunk_meta(chunks[k], info, tags), **extra[k], "writes": writes} for k in rows]
                self.chunks.update(ids=[chunks[k].id for k in rows], metadatas=metas)
                with_vector = [(chunks[k].id, m) for k, m in zip(rows, metas) if chunks[k].id in embedded]
                if with_vector:
                    self.vectors.update(ids=[i for i, _ in with_vector], metadatas=[vector_meta(m) for _, m in with_vector])
            # publish: the one write that switches what is visible
            self.docs.upsert(ids=[info.doc_id], embeddings=[_CONSTANT], documents=[text],
                             metadatas=[{**doc_meta, "state": PUBLISHED, "write": token,
                                         "pending_write": None, "pending_at": None}])
        except Exception:
            if added:
                self.chunks.delete(ids=added)
            if was_published:
                self.docs.update(ids=[info.doc_id], metadatas=[{"pending_write": None, "pending_at": None}])
            else:
                self.docs.delete(ids=[info.doc_id])
            raise
        self._bump()
        self._delete_passages(sorted(old_ids - set(new_ids)))
        return "updated" if was_published else "added"

    def _all_stamped(self, ids: list[str], write: str) -> bool:
        """Every passage belongs to the published write (false after a write killed before publishing)."""
        found = self.get_chunks(ids, visible_only=False)
        return all(i in found and write in _writes(found[i].meta) for i in ids)

    def _delete_passages(self, ids: list[str]) -> None:
        for start in range(0, len(ids), _BATCH):
            self.chunks.delete(ids=ids[start:start + _BATCH])
            self.vectors.delete(ids=ids[start:start + _BATCH])

    def remove_document(self, doc_id: str) -> int:
        ids = sorted(self.chunk_ids_of(doc_id))
        if not ids and not self.docs.get(ids=[doc_id], include=[])["ids"]:
            raise StudioError("doc_not_found", doc_id=doc_id)
        self.docs.delete(ids=[doc_id])
        self._delete_passages(ids)
        self._bump()
        return len(ids)

    # --- passages --------------------------------------------------------------------------
    def count(self) -> int:
        return self.chunks.count()

    def all_chunks(self, visible_only: bool = True) -> list[StoredChunk]:
        """Every passage (of published documents only, unless `visible_only` is false)."""
        visible = self.published_writes() if visible_only else None
        out: list[StoredChunk] = []
        total = self.chunks.count()
        for offset in range(0, total, 5000):
            got = self.chunks.get(include=["documents", "metadatas"], limit=5000, offset=offset)
            out.extend(StoredChunk(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])
                       if visible is None or _is_visible(m, visible))
        return out

    def get_chunks(self, ids: list[str], visible_only: bool = True) -> dict[str, StoredChunk]:
        if not ids:
            return {}
        got = self.chunks.get(ids=ids, include=["documents", "metadatas"])
        visible = self.published_writes() if visible_only else None
        return {i: StoredChunk(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])
                if visible is None or _is_visible(m, visible)}

    def nearest(self, vector: np.ndarray, k: int, where: dict | None = None) -> list[tuple[str, float]]:
        """Ids and cosine similarities of the `k` nearest visible passages that have a vector."""
        total = self.vectors.count()
        if not total:
            return []
        got = self.vectors.query(
            query_embeddings=[vector], n_results=min(k, total), where=where or None, include=["distances"]
        )
        hits = [(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], got["distances"][0])]
        visible = self.get_chunks([i for i, _ in hits])
        return [(i, score) for i, score in hits if i in visible]

    # --- crash repair ----------------------------------------------------------------------
    def find_orphans(self, grace_s: float = 0.0) -> Orphans:
        """Leftovers of a killed write older than `grace_s` seconds (younger ones may be in progress)."""
        pending, stale, missing = self._scan_orphans(grace_s)
        return Orphans(pending, len(stale), missing)

    def repair(self, grace_s: float = REPAIR_GRACE_S) -> Orphans:
        """Delete what `find_orphans` finds; they were hidden already, so nothing visible changes."""
        pending, stale, missing = self._scan_orphans(grace_s)
        self._delete_passages(stale)
        if pending:
            self.docs.delete(ids=pending)
        now = time.time()
        got = self.docs.get(where={"state": PUBLISHED}, include=["metadatas"])
        abandoned = [i for i, m in zip(got["ids"], got["metadatas"])
                     if m.get("pending_write") and now - float(m.get("pending_at") or 0) >= grace_s]
        if abandoned:  # an update killed before publishing: its passages went with `stale`
            self.docs.update(ids=abandoned, metadatas=[{"pending_write": None, "pending_at": None}] * len(abandoned))
        if stale or pending:
            self._bump()
        return Orphans(pending, len(stale), missing)

    def _scan_orphans(self, grace_s: float) -> tuple[list[str], list[str], int]:
        now = time.time()
        got = self.docs.get(include=["metadatas"])
        metas = dict(zip(got["ids"], got["metadatas"]))
        busy = {i for i, m in metas.items()
                if m and m.get("pending_write") and now - float(m.get("pending_at") or 0) < grace_s}
        pending = sorted(i for i, m in metas.items() if not _published(m) and i not in busy)
        visible = {i: (m or {}).get("write", _LEGACY) for i, m in metas.items() if _published(m)}
        stale: list[str] = []
        missing = 0
        total = self.chunks.count()
        for offset in range(0, total, 5000):
            part = self.chunks.get(include=["metadatas"], limit=5000, offset=offset)
            for i, m in zip(part["ids"], part["metadatas"]):
                doc_id = (m or {}).get("doc_id", "")
                if doc_id in busy or _is_visible(m, visible):
                    continue
                stale.append(i)
                missing += doc_id not in metas
        return pending, sorted(stale), missing

    # --- vectors ---------------------------------------------------------------------------
    def vector_count(self) -> int:
        return self.vectors.count()

    def _all_ids(self, collection) -> set[str]:
        ids: set[str] = set()
        total = collection.count()
        for offset in range(0, total, 20000):
            ids.update(collection.get(include=[], limit=20000, offset=offset)["ids"])
        return ids

    def _vector_ids(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), _BATCH):
            found.update(self.vectors.get(ids=ids[start:start + _BATCH], include=[])["ids"])
        return found

    def pending_ids(self) -> list[str]:
        """Passages with no vector of this embedder yet, in document order."""
        missing = sorted(self._all_ids(self.chunks) - self._all_ids(self.vectors))
        order = {}
        for start in range(0, len(missing), 5000):
            batch = missing[start:start + 5000]
            got = self.chunks.get(ids=batch, include=["metadatas"])
            order.update({i: (m.get("doc_id", ""), int(m.get("index", 0))) for i, m in zip(got["ids"], got["metadatas"])})
        return sorted(order, key=order.get)

    def drop_orphan_vectors(self) -> int:
        """Vectors whose passage is gone (removed while it was being embedded)."""
        orphans = sorted(self._all_ids(self.vectors) - self._all_ids(self.chunks))
        for start in range(0, len(orphans), _BATCH):
            self.vectors.delete(ids=orphans[start:start + _BATCH])
        return len(orphans)

    def add_vectors(self, ids: list[str], vectors: np.ndarray, metas: list[dict]) -> None:
        if len(ids) != len(vectors):
            raise StudioError("ingest_failed", name=self.embedder_id, detail=f"{len(vectors)} vectors for {len(ids)} passages")
        self.vectors.upsert(ids=ids, embeddings=vectors, metadatas=[vector_meta(m) for m in metas])

    def other_embedder_collections(self) -> list[str]:
        mine = self.vectors.name
        return [
            c.name for c in self.client.list_collections()
            if c.name.startswith(f"{self.prefix}-vectors-") and c.name != mine
        ]

    def drop_other_embedder_collections(self) -> list[str]:
        """Vectors of embedders no longer in use; called once this embedder's vectors are complete."""
        names = self.other_embedder_collections()
        for name in names:
            self.client.delete_collection(name)
        return names

    def _migrate_combined_collections(self) -> None:
        """`<prefix>-chunks-<key>` held text and vectors together: copy the passages (and the vectors,
        when made by this embedder) into the split collections, then drop the old one. Upserts make a
        migration interrupted half-way safe to run again."""
        legacy = [c.name for c in self.client.list_collections() if c.name.startswith(f"{self.prefix}-chunks-")]
        for name in legacy:
            old = self.client.get_collection(name)
            same = (old.metadata or {}).get("embedder") == self.embedder_id
            include = ["documents", "metadatas"] + (["embeddings"] if same else [])
            total = old.count()
            for offset in range(0, total, _BATCH):
                got = old.get(include=include, limit=_BATCH, offset=offset)
                if not got["ids"]:
                    break
                self.chunks.upsert(ids=got["ids"], embeddings=[_CONSTANT] * len(got["ids"]),
                                   documents=got["documents"], metadatas=got["metadatas"])
                if same:
                    self.vectors.upsert(ids=got["ids"], embeddings=got["embeddings"],
                                        metadatas=[vector_meta(m) for m in got["metadatas"]])
            self.client.delete_collection(name)
        if legacy:
            self._bump()


def _layout_hash(chunks: list[Chunk]) -> str:
    """Citations of a document's passages: a better structure reader changes them without changing the
    text, and ingesting the file again must then rewrite them."""
    digest = hashlib.sha1()
    for c in chunks:
        digest.update(f"{c.id}\x00{c.section}\x00{c.headings}\x01".encode())
    return digest.hexdigest()[:16]


def _published(meta: dict | None) -> bool:
    return (meta or {}).get("state", PUBLISHED) == PUBLISHED


def _writes(meta: dict | None) -> list[str]:
    return list((meta or {}).get("writes") or [_LEGACY])


def _is_visible(meta: dict | None, published: dict[str, str]) -> bool:
    """A passage is visible when its document is published and it belongs to the published write."""
    write = published.get((meta or {}).get("doc_id", ""))
    return write is not None and write in _writes(meta)


def vector_meta(meta: dict) -> dict:
    """What the vector collection keeps of a passage: the fields searches filter on."""
    out = {"doc_id": meta.get("doc_id", ""), "lang": meta.get("lang", "und")}
    if meta.get("tags"):
        out["tags"] = list(meta["tags"])
    return out


def _chunk_meta(chunk: Chunk, info: DocumentInfo, tags: tuple[str, ...]) -> dict:
    meta = {
        "doc_id": info.doc_id,
        "title": info.title,
        "source": info.source,
        "lang": info.lang,
        "section": chunk.section,
        "headings": chunk.headings or chunk.section,
        "start": chunk.start,
        "end": chunk.end,
        "index": chunk.index,
    }
    if chunk.page is not None:
        meta["page"] = chunk.page
        meta["page_end"] = chunk.page_end or chunk.page
    if tags:
        meta["tags"] = list(tags)
    return meta


def _doc_meta(info: DocumentInfo) -> dict:
    meta = {
        "title": info.title,
        "source": info.source,
        "kind": info.kind,
        "lang": info.lang,
        "chunks": info.chunks,
        "chars": info.chars,
        "content_hash": info.content_hash,
        "ingested_at": info.ingested_at,
        "meta_json": json.dumps(info.meta, ensure_ascii=False, default=str),
    }
    if info.pages is not None:
        meta["pages"] = info.pages
    if info.tags:
        meta["tags"] = list(info.tags)
    return meta


def _info(doc_id: str, meta: dict) -> DocumentInfo:
    return DocumentInfo(
        doc_id=doc_id,
        title=meta.get("title", doc_id),
        source=meta.get("source", ""),
        kind=meta.get("kind", ""),
        lang=meta.get("lang", "und"),
        chunks=int(meta.get("chunks", 0)),
        chars=int(meta.get("chars", 0)),
        pages=meta.get("pages"),
        tags=tuple(meta.get("tags") or ()),
        content_hash=meta.get("content_hash", ""),
        ingested_at=meta.get("ingested_at", ""),
        meta=json.loads(meta.get("meta_json") or "{}"),
    )
