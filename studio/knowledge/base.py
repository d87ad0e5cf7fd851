"""`KnowledgeBase`: the one object the faces talk to for documents, search and answers.

It owns the store, the embedder, the lexicon and the retriever, all passed in or built from the
settings on first use (nothing is created at import time). Ingest stores text first (searchable
by words at once), then computes vectors: `wait=True` (the command line) waits for them, the app
lets `BackgroundVectors` do it while people work.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from studio.errors import StudioError
from studio.knowledge.answer import Answer, compose_answer
from studio.knowledge.embeddings import Embedder, make_embedder
from studio.knowledge.ingest import (
    ProgressCallback,
    collect_sources,
    failed_result,
    ingest_sources,
    sources_from_upload,
)
from studio.knowledge.lexicon import Lexicon, load_lexicon
from studio.knowledge.models import DocumentInfo, IngestResult, Passage
from studio.knowledge.retrieve import Retriever, SearchOptions
from studio.knowledge.store import REPAIR_GRACE_S, ChunkStore, Orphans, make_client
from studio.knowledge.vectorize import BackgroundVectors, VectorCallback, VectorProgress, embed_pending


class KnowledgeBase:
    def __init__(self, settings, client=None, embedder: Embedder | None = None, lexicon: Lexicon | None = None,
                 translator=None) -> None:
        self.settings = settings
        self.embedder = embedder or make_embedder(settings)
        self.store = ChunkStore(client or make_client(settings), self.embedder.id, settings.collection_prefix)
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self.retriever = Retriever(self.store, self.embedder, self.lexicon)
        self.translator = translator
        self._vector_lock = threading.Lock()
        self.background = BackgroundVectors(self.embed_pending)

    # --- documents -------------------------------------------------------------------------
    def ingest_paths(self, paths: Iterable[Path], tags: tuple[str, ...] = (),
                     progress: ProgressCallback | None = None,
                     cancel: threading.Event | None = None,
                     vectors: str = "wait", vector_progress: VectorCallback | None = None) -> list[IngestResult]:
        """Ingest files, folders and archives, then the vectors (see `_after_ingest`)."""
        self.repair_store()
        sources, refused = collect_sources([Path(p) for p in paths], self.settings)
        results = refused + list(ingest_sources(sources, self.store, self.settings, tags, progress, cancel,
                                                self.retriever.chunk_terms_meta))
        self._after_ingest(vectors, vector_progress, cancel)
        return results

    def ingest_upload(self, name: str, data: bytes, tags: tuple[str, ...] = (),
                      progress: ProgressCallback | None = None, vectors: str = "background") -> list[IngestResult]:
        """An uploaded file (document or .zip); refusals come back as failed results."""
        try:
            sources = sources_from_upload(name, data, self.settings)
        except StudioError as err:
            return [failed_result(name, err, self.settings.lang)]
        results = list(ingest_sources(sources, self.store, self.settings, tags, progress,
                                      analyze=self.retriever.chunk_terms_meta))
        self._after_ingest(vectors, None, None)
        return results

    def _after_ingest(self, vectors: str, vector_progress: VectorCallback | None,
                      cancel: threading.Event | None) -> None:
        """`wait`: compute every pending vector now (a failure raises `vectors_failed`; the texts
        stay stored and searchable by words); `background`: in this process's vector thread;
        `later`: leave them to the next `embed_pending` (e.g. the app process about to start)."""
        if vectors == "wait":
            self.embed_pending(vector_progress, cancel)
        elif vectors == "background":
            self.background.start()
        elif vectors != "later":
            raise ValueError(f"vectors: wait | background | later, not {vectors!r}")

    # --- vectors ---------------------------------------------------------------------------
    def embed_pending(self, progress: VectorCallback | None = None,
                      cancel: threading.Event | None = None) -> VectorProgress:
        """Compute the vectors of every passage that has none (after a kill, an embedder change…)."""
        with self._vector_lock:
            try:
                return embed_pending(self.store, self.embedder, progress, cancel)
            except StudioError as err:
                if err.code in {"cancelled", "vectors_failed"}:
                    raise
                raise StudioError("vectors_failed", detail=err.message(self.settings.lang)) from None

    def vector_status(self) -> VectorProgress:
        """Passages with a vector of the current embedder, of all passages (cheap: two counts)."""
        return VectorProgress(min(self.store.vector_count(), self.store.count()), self.store.count())

    def list_documents(self) -> list[DocumentInfo]:
        return self.store.list_documents()

    def get_document(self, doc_id: str) -> tuple[DocumentInfo, str]:
        found = self.store.get_document(doc_id)
        if found is None:
            raise StudioError("doc_not_found", doc_id=doc_id)
        return found

    def find_document(self, doc_id: str) -> tuple[DocumentInfo, str] | None:
        """The document, or None when it is not (or no longer, or not yet) in the store."""
        return self.store.get_document(doc_id)

    def remove_document(self, doc_id: str) -> int:
        return self.store.remove_document(doc_id)

    def repair_store(self, grace_s: float = REPAIR_GRACE_S) -> Orphans:
        """Delete what a killed ingest left (hidden already): at the app's start and before an ingest."""
        return self.store.repair(grace_s)

    def is_empty(self) -> bool:
        return not self.store.list_documents()

    def ensure_sample(self, progress: ProgressCallback | None = None, vectors: str = "wait") -> list[IngestResult]:
        """Ingest the shipped sample knowledge base when the store holds no document yet."""
        if not self.is_empty() or not Path(self.settings.sample_dir).is_dir():
            return []
        return self.ingest_paths([Path(self.settings.sample_dir)], progress=progress, vectors=vectors)

    # --- retrieval -------------------------------------------------------------------------
    def search(self, query: str, k: int = 5, lang: str | None = None, doc_id: str | None = None,
               tag: str | None = None, translate: bool = True) -> list[Passage]:
        translations: tuple[str, ...] = ()
        if translate and self.translator is not None:
            translations = tuple(self.translator.translate(query))
        return self.retriever.search(query, self.search_options(k=k, lang=lang, doc_id=doc_id, tag=tag,
                                                               translations=translations))

    def restore_diacritics(self, text: str) -> str | None:
        """Vietnamese typed without diacritics, with them put back (the base's own spelling); else None."""
        return self.retriever.restore_diacritics(text)

    def search_options(self, **switches) -> SearchOptions:
        """Search options with the configured weights (the benchmark adds its channel switches)."""
        weights = {"weight_words": self.settings.search_weight_words}
        if self.settings.search_weight_vector is not None:
            weights["weight_vector"] = self.settings.search_weight_vector
        return self.retriever.default_options(**{**weights, **switches})

    def search_with(self, query: str, options: SearchOptions) -> list[Passage]:
        return self.retriever.search(query, options)

    def ask(self, question: str, k: int = 5, lang: str | None = None) -> Answer:
        """A short extractive answer from the top passages, every sentence cited."""
        passages = self.search(question, k=k, lang=lang)
        return compose_answer(question, passages, self.lexicon, self.settings.lang)
