"""A BM25 index in NumPy (local Chroma has no lexical search): postings per term, filters by row."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np


@dataclass
class _Postings:
    rows: np.ndarray  # int32 row numbers
    weights: np.ndarray  # float32 BM25 weight of the term in each row (idf included)


class BM25Index:
    """Okapi BM25 over pre-analysed term lists; rows are passages, filters are boolean masks."""

    def __init__(self, ids: list[str], term_lists: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.ids = ids
        self.size = len(ids)
        lengths = np.array([len(t) for t in term_lists], dtype=np.float32)
        avg = float(lengths.mean()) if self.size else 1.0
        by_term: dict[str, tuple[list[int], list[int]]] = {}
        for row, terms in enumerate(term_lists):
            for term, tf in Counter(terms).items():
                entry = by_term.setdefault(term, ([], []))
                entry[0].append(row)
                entry[1].append(tf)
        self._postings: dict[str, _Postings] = {}
        self._idf: dict[str, float] = {}
        self._idf_unseen = math.log(1 + (self.size + 0.5) / 0.5)
        for term, (rows, tfs) in by_term.items():
            rows_a = np.array(rows, dtype=np.int32)
            tf = np.array(tfs, dtype=np.float32)
            df = len(rows)
            idf = math.log(1 + (self.size - df + 0.5) / (df + 0.5))
            self._idf[term] = idf
            norm = k1 * (1 - b + b * lengths[rows_a] / (avg or 1.0))
            self._postings[term] = _Postings(rows_a, (idf * tf * (k1 + 1) / (tf + norm)).astype(np.float32))

    def scores(self, weighted_terms: dict[str, float]) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        for term, weight in weighted_terms.items():
            postings = self._postings.get(term)
            if postings is not None:
                scores[postings.rows] += weight * postings.weights
        return scores

    def top(self, weighted_terms: dict[str, float], k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Best `k` rows with a positive score, as (row, score), allowed rows only."""
        if not self.size:
            return []
        scores = self.scores(weighted_terms)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, self.size)
        candidates = np.argpartition(-scores, k - 1)[:k]
        ranked = sorted(((int(r), float(scores[r])) for r in candidates if scores[r] > 0), key=lambda x: -x[1])
        return ranked

    def ideal_score(self, weighted_terms: dict[str, float]) -> float:
        """The score of a passage of average length holding every query term once.

        Terms the corpus never saw count with the highest idf: a query whose words are
        mostly absent (another language) then scores low in this channel, as it should.
        """
        return sum(w * self._idf.get(t, self._idf_unseen) for t, w in weighted_terms.items())
