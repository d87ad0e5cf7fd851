"""The vector step of ingest: embed every passage that has no vector yet, batch by batch.

Contract: a document is searchable by words as soon as `ChunkStore.replace_document` wrote it;
this step SHALL only add vectors (never change passages), SHALL write each batch before starting
the next, so a killed process loses at most one batch and the next run (`studio embed`,
`studio ingest`, or the app's start) finishes the rest; it SHALL skip passages removed meanwhile
and drop their vectors; it MAY be cancelled between batches. Once every passage has a vector, the
vectors of embedders no longer in use are dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from studio.errors import StudioError
from studio.knowledge.embeddings import Embedder
from studio.knowledge.store import ChunkStore

BATCH = 16  # ~2–4 s of e5 work on 2 cores: progress moves, and a kill loses little


@dataclass(frozen=True)
class VectorProgress:
    done: int  # passages with a vector
    total: int  # passages in the store


VectorCallback = Callable[[VectorProgress], None]


# What the embedder reads of a passage's context. Measured on the dev split of the legal corpus:
# capping title and heading path this way costs no recall and saves ~5 % of the tokens.
TITLE_CHARS = 60
HEADINGS_CHARS = 120


def passage_input(meta: dict, text: str, body_chars: int = 0) -> str:
    """What the embedder reads of a passage: the start of its document title, the innermost headings
    of its path ("Mục 1. THỜI GIỜ LÀM VIỆC › Điều 107. Làm thêm giờ" rather than the chapter's name),
    then the body (cut to `body_chars` when set). The context says what the passage is about; the
    cut keeps ingest of a 300 KB law near a minute on 2 cores (see bench/retrieval.py)."""
    context = [meta.get("title", "")[:TITLE_CHARS], innermost(meta.get("headings") or meta.get("section") or "")]
    body = text[:body_chars] if body_chars else text
    return "\n".join(p for p in (*context, body) if p)


def innermost(path: str, limit: int = HEADINGS_CHARS) -> str:
    """The last headings of a " › " path that fit in `limit` characters (the last one cut if alone)."""
    parts = path.split(" › ")
    kept: list[str] = []
    for part in reversed(parts):
        if kept and len(" › ".join([part, *kept])) > limit:
            break
        kept.insert(0, part)
    return " › ".join(kept)[:limit]


def embed_pending(store: ChunkStore, embedder: Embedder, progress: VectorCallback | None = None,
                  cancel: threading.Event | None = None, batch: int = BATCH) -> VectorProgress:
    """Embed the store's pending passages; returns the final count. Raises `StudioError` when the
    embedder fails (what was written before stays) or `cancelled`."""
    store.drop_orphan_vectors()
    pending = store.pending_ids()
    total = store.count()
    done = total - len(pending)
    if progress:
        progress(VectorProgress(done, total))
    body_chars = embedder.passage_chars
    for start in range(0, len(pending), batch):
        if cancel is not None and cancel.is_set():
            raise StudioError("cancelled")
        ids = pending[start:start + batch]
        found = store.get_chunks(ids)
        ids = [i for i in ids if i in found]  # removed since the list was made
        if not ids:
            continue
        vectors = embedder.embed_passages([passage_input(found[i].meta, found[i].text, body_chars) for i in ids])
        try:
            store.add_vectors(ids, vectors, [found[i].meta for i in ids])
        except StudioError:
            raise
        except Exception as exc:  # Chroma refuses, e.g. a dimension other than the collection's
            raise vectors_failed(exc) from None
        done += len(ids)
        if progress:
            progress(VectorProgress(done, total))
    if not store.pending_ids():
        store.drop_orphan_vectors()  # a passage removed while its batch was being embedded
        store.drop_other_embedder_collections()
    return VectorProgress(store.vector_count(), store.count())


def vectors_failed(exc: Exception) -> StudioError:
    """A failure of the store or the engine, in the user's terms (the texts stay searchable)."""
    return StudioError("vectors_failed", detail=f"{type(exc).__name__}: {str(exc)[:160]}")


class BackgroundVectors:
    """Runs the vector step in one daemon thread per knowledge base (the app), restarted on demand.

    `start()` after an upload or at the app's start; `running()` and `error` for the page (the
    progress itself is `KnowledgeBase.vector_status()`). An error is kept for display and the
    next `start()` tries again.
    """

    def __init__(self, run: Callable[[VectorCallback | None], VectorProgress]) -> None:
        self._run_step = run  # the knowledge base's `embed_pending`: one run at a time per process
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._active = False  # set and cleared under the lock, so a start() is never lost
        self._again = False
        self.error: StudioError | None = None

    def start(self) -> None:
        with self._lock:
            if self._active:
                self._again = True  # new passages arrived during a run: look again when it ends
                return
            self._active, self._again = True, False
            self._thread = threading.Thread(target=self._run, name="studio-vectors", daemon=True)
            self._thread.start()

    def running(self) -> bool:
        return self._active

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            try:
                self.error = None
                self._run_step(None)
            except StudioError as err:
                self.error = err
            except Exception as exc:  # a store gone (settings reloaded), Chroma errors: shown, not raised
                self.error = vectors_failed(exc)
            with self._lock:
                if not self._again:
                    self._active = False
                    return
                self._again = False
