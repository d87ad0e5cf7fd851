"""Offline, deterministic, extractive answers: the best sentences of the top passages, each cited.

The model-backed answer comes with the drafting package; this one never invents a word: every
sentence is copied from a passage and followed by its citation marker [n].
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from studio.knowledge.analysis import all_query_terms, passage_terms
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
    """Pick the sentences that share most weighted terms with the question; cite each one."""
    weights = all_query_terms(question, lexicon)
    scored: list[tuple[float, int, int, int, int]] = []  # (score, passage rank, start, end, passage idx)
    for rank, passage in enumerate(passages):
        for start, end in sentence_spans(passage.text):
            sentence = passage.text[start:end]
            if len(sentence) < 20:
                continue  # headings and fragments make poor answers
            found = passage_terms(sentence, passage.lang, lexicon)
            terms = set(found.words) | set(found.bridge)
            score = sum(w for t, w in weights.items() if t in terms)
            if score > 0:
                # earlier passages are more relevant overall: a gentle tie-break, not a veto
                scored.append((score * (1.0 - 0.05 * rank), rank, start, end, rank))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    chosen = scored[:max_sentences]
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
