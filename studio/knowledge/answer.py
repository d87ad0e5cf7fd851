"""Offline, deterministic, extractive answers: the best sentences of the top passages, each cited.

The model-backed answer comes with the drafting package; this one never invents a word: every
sentence is copied from a passage and followed by its citation marker [n].
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass, field

from studio.knowledge.analysis import all_query_terms, passage_terms
from studio.knowledge.chunking import SECTION_SEP
from studio.knowledge.lexicon import Lexicon
from studio.knowledge.models import Passage
from studio.knowledge.textnorm import sentence_spans

NO_SOURCE = {
    "vi": "Không tìm thấy nguồn phù hợp trong kho tri thức để trả lời câu hỏi này.",
    "en": "No source in the knowledge base answers this question.",
}


@dataclass
class Citation:
    marker: int
    passage_id: str
    doc_id: str
    title: str
    section: str
    page: int | None
    start: int
    end: int
    lang: str
    source: str = ""


@dataclass
class AnswerSentence:
    text: str
    marker: int
    start: int  # span of the sentence in its document's text
    end: int


@dataclass
class Answer:
    question: str
    answer: str
    citations: list[Citation] = field(default_factory=list)
    sentences: list[AnswerSentence] = field(default_factory=list)
    composer: str = "offline-extractive"

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "citations": [asdict(c) for c in self.citations],
            "sentences": [asdict(s) for s in self.sentences],
            "composer": self.composer,
        }


def compose_answer(question: str, passages: list[Passage], lexicon: Lexicon | None,
                   lang: str = "vi", max_sentences: int = 3) -> Answer:
    """Pick the sentences that share the most discriminating terms with the question; cite each.

    A term's weight is its query weight times its rarity among the candidate sentences, so the
    question's subject ("Công đoàn Ngân hàng Việt Nam"), present in every sentence, does not
    outweigh what the question actually asks about ("fanpage", "bao nhiêu").
    """
    weights = all_query_terms(question, lexicon)
    candidates: list[tuple[int, int, int, set[str]]] = []  # (passage idx, start, end, terms)
    for rank, passage in enumerate(passages):
        for start, end in sentence_spans(passage.text):
            while start < end and passage.text[start] in "•-–* ":
                start += 1  # a list bullet is not part of the quoted sentence
            if end - start < 20 or passage.text[start:end] in passage.section.split(SECTION_SEP):
                continue  # headings and fragments make poor answers
            found = passage_terms(passage.text[start:end], passage.lang, lexicon)
            candidates.append((rank, start, end, set(found.words) | set(found.bridge)))
    total = len(candidates)
    df = Counter(t for *_, terms in candidates for t in terms if t in weights)
    idf = {t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in df.items()}
    scored: list[tuple[float, int, int, int, int]] = []  # (score, passage rank, start, end, passage idx)
    asked = {t for t in weights if t.startswith("t:")}
    for rank, start, end, terms in candidates:
        score = sum(weights[t] * idf[t] for t in terms if t in weights)
        if asked and asked <= terms:
            score *= 2.0  # "how many" is answered by a sentence with a number, "when" by one with a date
        if score > 0:
            # earlier passages are more relevant overall: a gentle tie-break, not a veto
            scored.append((score * (1.0 - 0.05 * rank), rank, start, end, rank))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    # further sentences only when they are nearly as relevant as the best one
    chosen = [s for s in scored[:max_sentences] if s[0] >= 0.5 * scored[0][0]] if scored else []
    if not chosen:
        return Answer(question=question, answer=NO_SOURCE.get(lang, NO_SOURCE["en"]))
    chosen.sort(key=lambda s: (s[1], s[2]))  # read in source order
    markers: dict[int, int] = {}
    citations: list[Citation] = []
    sentences: list[AnswerSentence] = []
    for _score, _rank, start, end, idx in chosen:
        passage = passages[idx]
        if idx not in markers:
            markers[idx] = len(markers) + 1
            citations.append(Citation(
                marker=markers[idx], passage_id=passage.id, doc_id=passage.doc_id, title=passage.title,
                section=passage.section, page=passage.page, start=passage.start, end=passage.end,
                lang=passage.lang, source=passage.source,
            ))
        sentences.append(AnswerSentence(passage.text[start:end], markers[idx],
                                        passage.start + start, passage.start + end))
    text = " ".join(f"{s.text} [{s.marker}]" for s in sentences)
    return Answer(question=question, answer=text, citations=citations, sentences=sentences)
