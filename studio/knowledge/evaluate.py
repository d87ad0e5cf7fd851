"""Retrieval quality on a labelled question set: recall@k and MRR@10, overall, per language, per
question group (vi, vi_paraphrase, vi_nodiac, en, de) and split (dev, test), cross-language.

A passage is relevant when it comes from a listed document (matched by file name) and contains
one of the expected strings (compared with whitespace collapsed, case-insensitive, NFC).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from studio.knowledge.models import Passage


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    q: str
    docs: tuple[str, ...]
    expect: tuple[str, ...]
    doc_langs: tuple[str, ...] = ()
    group: str = ""
    split: str = ""

    @property
    def cross_language(self) -> bool:
        return bool(self.doc_langs) and self.lang not in self.doc_langs


@dataclass
class EvalReport:
    k: int
    hits: dict[str, bool] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    ranks: dict[str, int | None] = field(default_factory=dict)  # 1-based rank of the first relevant passage

    def recall(self, select=lambda q: True) -> float:
        chosen = [qid for qid, q in self.questions.items() if select(q)]
        return sum(self.hits[qid] for qid in chosen) / len(chosen) if chosen else float("nan")

    def mrr(self, select=lambda q: True, cutoff: int = 10) -> float:
        chosen = [qid for qid, q in self.questions.items() if select(q)]
        ranks = [self.ranks.get(qid) for qid in chosen]
        return sum(1 / r for r in ranks if r and r <= cutoff) / len(chosen) if chosen else float("nan")

    def by_group(self) -> dict[str, tuple[float, float, int]]:
        """group → (recall@k, MRR@10, questions)."""
        out = {}
        for group in sorted({q.group for q in self.questions.values() if q.group}):
            pick = lambda q, g=group: q.group == g  # noqa: E731
            out[group] = (self.recall(pick), self.mrr(pick), sum(map(pick, self.questions.values())))
        return out

    def summary(self) -> dict[str, float]:
        out = {"all": self.recall(), "cross": self.recall(lambda q: q.cross_language),
               "same": self.recall(lambda q: not q.cross_language)}
        for lang in sorted({q.lang for q in self.questions.values()}):
            out[lang] = self.recall(lambda q, lang=lang: q.lang == lang)
        return out

    def misses(self) -> list[Question]:
        return [self.questions[qid] for qid, hit in self.hits.items() if not hit]


def load_questions(path: Path, doc_langs: dict[str, str] | None = None) -> list[Question]:
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=yaml.BaseLoader)  # keeps lang "no" a string
    doc_langs = doc_langs or {}
    return [
        Question(
            id=e["id"], lang=e["lang"], q=e["q"], docs=tuple(e["docs"]), expect=tuple(e["expect"]),
            doc_langs=tuple(doc_langs.get(d, "") for d in e["docs"] if d in doc_langs),
            group=e.get("group", ""), split=e.get("split", ""),
        )
        for e in data
    ]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().lower()


def is_relevant(question: Question, passage: Passage) -> bool:
    if passage.source not in question.docs:
        return False
    text = _squash(passage.text)
    return any(_squash(e) in text for e in question.expect)


def evaluate(questions: list[Question], search, k: int = 5, depth: int = 10) -> EvalReport:
    """`search(question_text, n)` returns passages; a question is a hit if any of the top k is
    relevant; its rank (for MRR) is looked for in the top `depth`."""
    report = EvalReport(k=k)
    for question in questions:
        passages = search(question.q, max(k, depth))
        report.questions[question.id] = question
        rank = next((n for n, p in enumerate(passages, start=1) if is_relevant(question, p)), None)
        report.ranks[question.id] = rank
        report.hits[question.id] = rank is not None and rank <= k
    return report
