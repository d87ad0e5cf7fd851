"""The vector store: Chroma (embedded PersistentClient or a `chroma run` server), behind one class.

Two collections: `<prefix>-documents` (one record per document: full text and properties; its
vector is a constant, it is never queried by similarity) and `<prefix>-chunks-<embedder key>`
(passages and their vectors). A document is written all-or-nothing (see `replace_document`).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from urllib.parse import urlparse

import numpy as np

from studio.errors import StudioError
from studio.knowledge.models import Chunk, DocumentInfo

_BATCH = 500


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
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


@dataclass
class StoredChunk:
    id: str
    text: str
    meta: dict


class ChunkStore:
    """Documents and their passages in Chroma, tied to one embedder."""

    def __init__(self, client, embedder_id: str, prefix: str = "studio") -> None:
        self.client = client
        self.embedder_id = embedder_id
        self.prefix = prefix
        key = hashlib.sha1(embedder_id.encode()).hexdigest()[:10]
        self.docs = client.get_or_create_collection(
            f"{prefix}-documents", embedding_function=None, metadata={"generation": "0"}
        )
        self.chunks = client.get_or_create_collection(
            f"{prefix}-chunks-{key}",
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": embedder_id},
        )

    # --- generation: changes whenever the content changes, so caches know when to rebuild ---
    def generation(self) -> str:
        meta = self.client.get_collection(self.docs.name).metadata or {}
        return str(meta.get("generation", "0"))

    def _bump(self) -> None:
        self.docs.modify(metadata={"generation": uuid.uuid4().hex})

    # --- documents -------------------------------------------------------------------------
    def get_document(self, doc_id: str) -> tuple[DocumentInfo, str] | None:
        got = self.docs.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        return _info(doc_id, got["metadatas"][0]), got["documents"][0]

    def list_documents(self) -> list[DocumentInfo]:
        got = self.docs.get(include=["metadatas"])
        infos = [_info(i, m) for i, m in zip(got["ids"], got["metadatas"])]
        return sorted(infos, key=lambda d: (d.lang, d.title.lower()))

    def chunk_ids_of(self, doc_id: str) -> set[str]:
        return set(self.chunks.get(where={"doc_id": doc_id}, include=[])["ids"])

    def replace_document(
        self, info: DocumentInfo, text: str, chunks: list[Chunk], vectors: np.ndarray, tags: tuple[str, ...],
        extra: list[dict] | None = None,
    ) -> str:
        """Write a document and its chunks all-or-nothing; returns added | updated | unchanged.

        New chunk ids are added first; if that fails they are removed again and the old version
        stays whole. Only then is the document record written and the chunks the new version no
        longer has are deleted. Content-addressed ids make a repeated ingest a no-op.
        """
        previous = self.get_document(info.doc_id)
        old_ids = self.chunk_ids_of(info.doc_id)
        new_ids = [c.id for c in chunks]
        if previous and previous[0].content_hash == info.content_hash and old_ids == set(new_ids) \
                and previous[0].tags == info.tags:
            return "unchanged"
        extra = extra or [{} for _ in chunks]
        fresh = [k for k, c in enumerate(chunks) if c.id not in old_ids]
        added: list[str] = []
        try:
            for start in range(0, len(fresh), _BATCH):
                rows = fresh[start:start + _BATCH]
                batch_ids = [chunks[k].id for k in rows]
                self.chunks.add(
                    ids=batch_ids,
                    embeddings=vectors[rows],
                    documents=[chunks[k].text for k in rows],
                    metadatas=[{**_chunk_meta(chunks[k], info, tags), **extra[k]} for k in rows],
                )
                added.extend(batch_ids)
            # kept chunks may have moved within a changed document or changed tags
            kept = [k for k, c in enumerate(chunks) if c.id in old_ids]
            for start in range(0, len(kept), _BATCH):
                rows = kept[start:start + _BATCH]
                self.chunks.update(
                    ids=[chunks[k].id for k in rows],
                    metadatas=[{**_chunk_meta(chunks[k], info, tags), **extra[k]} for k in rows],
                )
            self.docs.upsert(ids=[info.doc_id], embeddings=[[1.0]], documents=[text], metadatas=[_doc_meta(info)])
        except Exception:
            if added:
                self.chunks.delete(ids=added)
            raise
        stale = sorted(old_ids - set(new_ids))
        for start in range(0, len(stale), _BATCH):
            self.chunks.delete(ids=stale[start:start + _BATCH])
        self._bump()
        return "updated" if previous else "added"

    def remove_document(self, doc_id: str) -> int:
        ids = sorted(self.chunk_ids_of(doc_id))
        if not ids and not self.docs.get(ids=[doc_id], include=[])["ids"]:
            raise StudioError("doc_not_found", doc_id=doc_id)
        self.docs.delete(ids=[doc_id])
        for start in range(0, len(ids), _BATCH):
            self.chunks.delete(ids=ids[start:start + _BATCH])
        self._bump()
        return len(ids)

    # --- passages --------------------------------------------------------------------------
    def count(self) -> int:
        return self.chunks.count()

    def all_chunks(self) -> list[StoredChunk]:
        out: list[StoredChunk] = []
        total = self.chunks.count()
        for offset in range(0, total, 5000):
            got = self.chunks.get(include=["documents", "metadatas"], limit=5000, offset=offset)
            out.extend(StoredChunk(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"]))
        return out

    def get_chunks(self, ids: list[str]) -> dict[str, StoredChunk]:
        if not ids:
            return {}
        got = self.chunks.get(ids=ids, include=["documents", "metadatas"])
        return {i: StoredChunk(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])}

    def nearest(self, vector: np.ndarray, k: int, where: dict | None = None) -> list[tuple[str, float]]:
        """Ids and cosine similarities of the `k` nearest passages."""
        total = self.chunks.count()
        if not total:
            return []
        got = self.chunks.query(
            query_embeddings=[vector], n_results=min(k, total), where=where or None, include=["distances"]
        )
        return [(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], got["distances"][0])]

    def other_embedder_collections(self) -> list[str]:
        mine = self.chunks.name
        return [
            c.name for c in self.client.list_collections()
            if c.name.startswith(f"{self.prefix}-chunks-") and c.name != mine
        ]


def _chunk_meta(chunk: Chunk, info: DocumentInfo, tags: tuple[str, ...]) -> dict:
    meta = {
        "doc_id": info.doc_id,
        "title": info.title,
        "source": info.source,
        "lang": info.lang,
        "section": chunk.section,
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
