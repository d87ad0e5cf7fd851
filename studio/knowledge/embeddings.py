"""Embedders: the static WordLlama model inside its wheel (default) or an OpenAI-compatible endpoint.

Each embedder has an `id` that names model and dimension; the store records it and never mixes
vectors from two embedders in one collection.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np

from studio.errors import StudioError


class Embedder(Protocol):
    id: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...


class WordLlamaEmbedder:
    """Static token embeddings (WordLlama l2_supercat, 256 dims); loads in ~0.2 s, no network."""

    def __init__(self, dim: int = 256) -> None:
        import wordllama
        from wordllama import WordLlama

        package_dir = Path(wordllama.__file__).parent
        self._model = WordLlama.load(cache_dir=package_dir, dim=dim, disable_download=True)
        self.id = f"wordllama-l2_supercat-{dim}"

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = np.asarray(self._model.embed(texts, norm=True), dtype=np.float32)
        return _normalise(vectors)


class OpenAIEmbedder:
    """Any OpenAI-compatible /v1/embeddings endpoint (OpenAI, vLLM, Ollama, llama.cpp, TEI)."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 30.0) -> None:
        from openai import OpenAI

        self._base_url = base_url
        self._model = model
        self._client = OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=2)
        self.id = f"openai-{model}@{base_url}"

    def embed(self, texts: list[str]) -> np.ndarray:
        import openai

        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        rows: list[list[float]] = []
        try:
            for start in range(0, len(texts), 128):
                batch = texts[start:start + 128]
                response = self._client.embeddings.create(model=self._model, input=batch)
                rows.extend(item.embedding for item in sorted(response.data, key=lambda d: d.index))
        except openai.OpenAIError as exc:
            raise StudioError("embeddings_unreachable", url=self._base_url, detail=type(exc).__name__) from None
        return _normalise(np.asarray(rows, dtype=np.float32))


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def make_embedder(settings) -> Embedder:
    if settings.embeddings_base_url:
        return OpenAIEmbedder(
            settings.embeddings_base_url, settings.embeddings_model, settings.embeddings_api_key
        )
    return WordLlamaEmbedder()
