"""From a participant's raw answer to a score: the answer is checked and capped (`normalize_answer`), the engines
run where the exercise needs them (the safety gate and the grounding check on a write-with-ai text), and the pure
scoring functions of `scoring.py` decide.

Everything a participant sends is untrusted: huge texts and lists are refused with a clear message before any
engine runs, NUL and other control characters are dropped (PostgreSQL can't store NUL), markup stays plain text.
"""

from __future__ import annotations

import hashlib
import json
import re

from studio.drafting.models import TOPIC_MAX_CHARS
from studio.errors import StudioError
from studio.workshop import scoring

MAX_TEXT_CHARS = 5_000     # an edited write-with-ai text (a news brief is about 1,500 characters)
MAX_TOPIC_CHARS = TOPIC_MAX_CHARS  # the drafting limit: a workshop topic is a draft's topic
MAX_LIST = 200             # marks, quotes, flags, quiz choices
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value) -> str:
    return _CONTROL.sub("", str(value)) if value is not None else ""


def capped_text(value, limit: int, field_vi: str, field_en: str) -> str:
    text = clean_text(value)
    if len(text) > limit:
        raise StudioError("workshop_too_long", field_vi=field_vi, field_en=field_en, length=len(text), limit=limit)
    return text


def _list(answer: dict, key: str) -> list:
    value = answer.get(key)
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise StudioError("workshop_answer_invalid", detail=f"“{key}” must be a list")
    if len(value) > MAX_LIST:
        raise StudioError("workshop_too_many", count=len(value), limit=MAX_LIST)
    return list(value)


def normalize_answer(kind: str, answer, material: dict) -> dict:
    """The answer as stored: only the fields the exercise reads, each checked and capped."""
    if not isinstance(answer, dict):
        raise StudioError("workshop_answer_invalid", detail="the answer must be an object")
    if kind == "write-with-ai":
        return {"text": capped_text(answer.get("text", ""), MAX_TEXT_CHARS, "Bài viết", "The text")}
    if kind == "spot-the-risk":
        marks = []
        for raw in _list(answer, "marks"):
            if isinstance(raw, (list, tuple)) and len(raw) == 2 and all(
                    isinstance(x, int) and not isinstance(x, bool) and abs(x) < 10**9 for x in raw):
                marks.append([raw[0], raw[1]])
            else:
                marks.append([-1, -1])  # kept so it counts as a wrong mark
        quotes = [capped_text(q, scoring.MAX_QUOTE_CHARS, "Đoạn đánh dấu", "A marked passage").strip()
                  for q in _list(answer, "quotes")]
        return {"marks": marks, "quotes": [q for q in quotes if q]}
    if kind == "check-the-facts":
        flags = sorted({int(x) for x in _list(answer, "flagged")
                        if isinstance(x, int) and not isinstance(x, bool) and abs(x) < 10**9})
        return {"flagged": flags}
    if kind == "quiz":
        n = len(material.get("questions", []))
        choices = _list(answer, "choices")[:n]
        return {"choices": [c if isinstance(c, int) and not isinstance(c, bool) and 0 <= c < 4 else None
                            for c in choices] + [None] * (n - len(choices))}
    raise StudioError("workshop_answer_invalid", detail=f"unknown exercise kind {kind!r}")


def answer_hash(answer: dict) -> str:
    canonical = json.dumps(answer, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def evaluate(kind: str, material: dict, key: dict, answer: dict, lang: str, *, draft: dict | None = None,
             gate=None) -> scoring.Score:
    """Score a normalised answer. Write with AI runs the grounding check against the draft's sources and the
    safety gate (`gate`) on the text; the other kinds compare with the stored answer key."""
    if kind == "write-with-ai":
        from studio.drafting.grounding import check_text

        text = answer["text"]
        sources = {s["marker"]: s["text"] for s in (draft or {}).get("sources", [])}
        if not text.strip():
            return scoring.score_write_with_ai("", material["format"], list(sources), [], [], [], lang)
        claims = [c.model_dump() for c in check_text(text, sources, lang)]
        findings = [f.to_dict() for f in gate.findings(text, lang)] if gate is not None else []
        return scoring.score_write_with_ai(text, material["format"], list(sources),
                                           scoring.factual_sentences(text, lang), claims, findings, lang)
    if kind == "spot-the-risk":
        marks, unplaced = scoring.marks_from_answer(answer, material["text"])
        return scoring.score_spot_the_risk(marks, unplaced, key["findings"], lang)
    if kind == "check-the-facts":
        return scoring.score_check_the_facts(answer["flagged"], key["flagged"], key["claims"],
                                             len(material["sentences"]), lang)
    return scoring.score_quiz(answer["choices"], key["correct"], key["explanations"])
