"""`KnowledgeBase`: the one object the faces talk to for documents, search and answers.

It owns the store, the embedder, the lexicon and the retriever, all passed in or built from the
settings on first use (nothing is created at import time).
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
    embedding_text,
    failed_result,
    ingest_sources,
    sources_from_upload,
)
from studio.knowledge.lexicon import Lexicon, load_lexicon
from studio.knowledge.models import DocumentInfo, IngestResult, Passage
from studio.knowledge.retrieve import Retriever, SearchOptions
from studio.knowledge.store import ChunkStore, make_client


class KnowledgeBase:
    def __init__(self, settings, client=None, embedder: Embedder | None = None, lexicon: Lexicon | None = None,
                 translator=None) -> None:
        self.settings = settings
        self.embedder = embedder or make_embedder(settings)
        self.store = ChunkStore(client or make_client(settings), self.embedder.id, settings.collection_prefix)
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self.retriever = Retriever(self.store, self.embedder, self.lexicon)
        self.translator = translator
        self._reembed_if_embedder_changed()

    # --- documents -------------------------------------------------------------------------
    def ingest_paths(self, paths: Iterable[Path], tags: tuple[str, ...] = (),
                     progress: ProgressCallback | None = None,
                     cancel: threading.Event | None = None) -> list[IngestResult]:
        sources, refused = collect_sources([Path(p) for p in paths], self.settings)
        return refused + list(ingest_sources(sources, self.store, self.embedder, self.settings, tags, progress, cancel,
                                             self.retriever.chunk_terms_meta))

    def ingest_upload(self, name: str, data: bytes, tags: tuple[str, ...] = (),
                      progress: ProgressCallback | None = None) -> list[IngestResult]:
        """An uploaded file (document or .zip); refusals come back as failed results."""
        try:
            sources = sources_from_upload(name, data, self.settings)
        except StudioError as err:
            return [failed_result(name, err, self.settings.lang)]
        return list(ingest_sources(sources, self.store, self.embedder, self.settings, tags, progress,
                                   analyze=self.retriever.chunk_terms_meta))

    def list_documents(self) -> list[DocumentInfo]:
        return self.store.list_documents()

    def get_document(self, doc_id: str) -> tuple[DocumentInfo, str]:
        found = self.store.get_document(doc_id)
        if found is None:
            raise StudioError("doc_not_found", doc_id=doc_id)
        return found

    def remove_document(self, doc_id: str) -> int:
        return self.store.remove_document(doc_id)

    def is_empty(self) -> bool:
        return not self.store.list_documents()

    def ensure_sample(self, progress: ProgressCallback | None = None) -> list[IngestResult]:
        """Ingest the shipped sample knowledge base when the store holds no document yet."""
        if not self.is_empty() or not Path(self.settings.sample_dir).is_dir():
            return []
        return self.ingest_paths([Path(self.settings.sample_dir)], progress=progress)

    # --- retrieval -------------------------------------------------------------------------
    def search(self, query: str, k: int = 5, lang: str | None = None, doc_id: str | None = None,
               tag: str | None = None, translate: bool = True) -> list[Passage]:
        translations: tuple[str, ...] = ()
        if translate and self.translator is not None:
            translations = tuple(self.translator.translate(query))
        options = SearchOptions(k=k, lang=lang, doc_id=doc_id, tag=tag, translations=translations,
                                weight_words=self.settings.search_weight_words,
                                weight_vector=self.settings.search_weight_vector)
        return self.retriever.search(query, options)

    def search_with(self, query: str, options: SearchOptions) -> list[Passage]:
        return self.retriever.search(query, options)

    def ask(self, question: str, k: int = 5, lang: str | None = None) -> Answer:
        """A short extractive answer from the top passages, every sentence cited."""
        passages = self.search(question, k=k, lang=lang)
        return compose_answer(question, passages, self.lexicon, self.settings.lang)

    # --- embedder change -------------------------------------------------------------------
    def _reembed_if_embedder_changed(self) -> None:
        """Vectors from another embedder are never mixed in: re-embed into this one's collection."""
        others = self.store.other_embedder_collections()
        if not others or self.store.count():
            return
        client = self.store.client
        for name in others:
            old = client.get_collection(name)
            total = old.count()
            for offset in range(0, total, 500):
                got = old.get(include=["documents", "metadatas"], limit=500, offset=offset)
                texts = [embedding_text(m.get("title", ""), m.get("section", ""), d)
                         for d, m in zip(got["documents"], got["metadatas"])]
                self.store.chunks.add(ids=got["ids"], embeddings=self.embedder.embed(texts),
                                      documents=got["documents"], metadatas=got["metadatas"])
            client.delete_collection(name)
