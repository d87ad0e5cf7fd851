"""Scoring of the four exercises: pure functions over plain data (answers, answer keys, the engines' findings),
each returning 0–100 points with feedback in Vietnamese and English.

Feedback is data (`Feedback(code, params)`), rendered by `feedback_text`; a `Score` keeps what a participant sees
at once (`feedback`) apart from what only the reveal shows (`revealed`: missed risks, the right quiz answers), so
a resubmission can't be used to read the answer key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from studio.drafting.formats import markers_in, strip_markers, word_count
from studio.knowledge.textnorm import sentence_spans
from studio.safety.finding_types import LANGS, REGISTRY

MAX_MARKS = 200         # spot-the-risk: marks per answer
MAX_QUOTE_CHARS = 2_000

# Format limits a write-with-ai text is held to (the format models' own limits, read as plain text)
FORMAT_LIMITS: dict[str, dict] = {
    "zalo_message": {"max_words": 80, "no_markdown": True},
    "social_post": {"max_words": 120, "hashtags": (2, 4)},
    "news_brief": {"min_words": 120, "max_words": 200},
}

RISK_NAMES = {lang: {code: spec.workshop_name(lang) for code, spec in REGISTRY.items()} for lang in LANGS}
CLAIM_KINDS = {"vi": {"number": "số liệu", "date": "ngày tháng", "doc_number": "số hiệu văn bản", "name": "tên riêng"},
               "en": {"number": "figure", "date": "date", "doc_number": "document number", "name": "name"}}

FEEDBACK: dict[str, dict[str, str]] = {
    "empty": {"vi": "Chưa có bài làm.", "en": "Nothing was submitted."},
    "format_ok": {"vi": "Đúng giới hạn của định dạng ({words} từ).", "en": "Within the format's limits ({words} words)."},
    "too_many_words": {"vi": "Dài {words} từ, vượt giới hạn {max} từ.", "en": "{words} words, over the limit of {max}."},
    "too_few_words": {"vi": "Chỉ có {words} từ, cần ít nhất {min} từ.", "en": "Only {words} words; at least {min} are needed."},
    "markdown": {"vi": "Tin nhắn Zalo không dùng định dạng Markdown (**, #, gạch đầu dòng).",
                 "en": "A Zalo message uses no Markdown (**, #, bullets)."},
    "hashtags": {"vi": "Có {count} hashtag; cần từ {min} đến {max}.", "en": "{count} hashtags; {min} to {max} are needed."},
    "no_draft": {"vi": "Chưa nhờ studio soạn bản nháp nên bài không có nguồn để trích dẫn.",
                 "en": "No draft was requested from the studio, so the text has no sources to cite."},
    "citations": {"vi": "{cited}/{total} câu có số liệu, ngày tháng hoặc tên riêng giữ trích dẫn nguồn.",
                  "en": "{cited} of {total} sentences with figures, dates or names keep their source marker."},
    "citations_none_needed": {"vi": "Bài không có số liệu hay tên riêng cần trích dẫn.",
                              "en": "The text has no figures or names that need a source."},
    "bad_marker": {"vi": "Trích dẫn {markers} không phải nguồn của bản nháp.",
                   "en": "{markers} is not a source of the draft."},
    "grounded": {"vi": "Mọi số liệu, ngày tháng và tên riêng đều có trong nguồn.",
                 "en": "Every figure, date and name is in the sources."},
    "unsupported": {"vi": "{count} chi tiết không có trong nguồn: {items}.",
                    "en": "{count} detail(s) not in the sources: {items}."},
    "safe": {"vi": "Không phát hiện rủi ro an toàn thông tin.", "en": "No safety risk found."},
    "safety_block": {"vi": "Có thông tin bị chặn khi đăng: {items}.", "en": "Contains what publishing blocks: {items}."},
    "safety_warn": {"vi": "Có cảnh báo an toàn: {items}.", "en": "Safety warnings: {items}."},
    "risks_found": {"vi": "Tìm được {found}/{total} rủi ro.", "en": "Found {found} of {total} risks."},
    "wrong_marks": {"vi": "{wrong}/{marks} đoạn đánh dấu không phải rủi ro.",
                    "en": "{wrong} of {marks} marked passages are not risks."},
    "marks_ignored": {"vi": "{count} đoạn đánh dấu không nằm trong văn bản và được tính là sai.",
                      "en": "{count} mark(s) outside the text were counted as wrong."},
    "missed_risk": {"vi": "Bỏ sót {type}: “{text}”.", "en": "Missed {type}: “{text}”."},
    "facts_found": {"vi": "Phát hiện đúng {found}/{total} câu sai sự thật.",
                    "en": "Found {found} of {total} sentences with wrong facts."},
    "false_flags": {"vi": "{count} câu bị gắn cờ nhưng khớp với nguồn.",
                    "en": "{count} flagged sentence(s) match the sources."},
    "missed_fact": {"vi": "Câu {number} sai {kind}: “{text}” không có trong nguồn.",
                    "en": "Sentence {number} has a wrong {kind}: “{text}” is not in the sources."},
    "quiz_right": {"vi": "Trả lời đúng {right}/{total} câu.", "en": "{right} of {total} answers are right."},
    "quiz_answer": {"vi": "Câu {number}: đáp án đúng là {letter}. {explanation}",
                    "en": "Question {number}: the right answer is {letter}. {explanation}"},
    "quiz_wrong": {"vi": "Câu {number}: bạn chọn {chosen}, chưa đúng.", "en": "Question {number}: you chose {chosen}, not right."},
}


@dataclass(frozen=True)
class Feedback:
    code: str
    params: dict = field(default_factory=dict)

    def text(self, lang: str = "vi") -> str:
        return feedback_text(self.code, self.params, lang)

    def to_dict(self) -> dict:
        return {"code": self.code, "params": dict(self.params)}


def feedback_text(code: str, params: dict, lang: str = "vi") -> str:
    table = FEEDBACK[code]
    return table.get(lang, table["en"]).format(**params)


@dataclass
class Score:
    points: int                                           # 0–100
    feedback: list[Feedback]                              # shown at once
    revealed: list[Feedback] = field(default_factory=list)  # shown after the trainer reveals the answers
    details: dict = field(default_factory=dict)           # numbers for the dashboard (e.g. missed finding indices)

    def to_dict(self) -> dict:
        return {"points": self.points, "feedback": [f.to_dict() for f in self.feedback],
                "revealed": [f.to_dict() for f in self.revealed], "details": self.details}


def _pct(x: float) -> int:
    return max(0, min(100, round(100 * x)))


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- write with AI --------------------------------------------------------------------------------------------

def score_write_with_ai(text: str, fmt: str, sources: list[str], factual: list[tuple[bool, list[str]]],
                        claims: list[dict], findings: list[dict], lang: str = "vi") -> Score:
    """Four parts of 25 points: the format's limits; the source markers kept on sentences with figures, dates or
    names (`factual`: per sentence, whether it has one and the markers it carries; `sources`: the draft's
    markers); the grounding check (`claims`: unsupported details); the safety gate (`findings`, severities set)."""
    if not text.strip():
        return Score(0, [Feedback("empty")], details={"parts": [0, 0, 0, 0]})
    names = RISK_NAMES.get(lang, RISK_NAMES["en"])
    feedback: list[Feedback] = []

    # format
    limits, words = FORMAT_LIMITS.get(fmt, {}), word_count(text)
    checks: list[bool] = []
    if "max_words" in limits:
        checks.append(words <= limits["max_words"])
        if not checks[-1]:
            feedback.append(Feedback("too_many_words", {"words": words, "max": limits["max_words"]}))
    if "min_words" in limits:
        checks.append(words >= limits["min_words"])
        if not checks[-1]:
            feedback.append(Feedback("too_few_words", {"words": words, "min": limits["min_words"]}))
    if limits.get("no_markdown"):
        checks.append(not re.search(r"(\*\*|__|^\s*#|^\s*[-*] )", text, re.M))
        if not checks[-1]:
            feedback.append(Feedback("markdown"))
    if "hashtags" in limits:
        low, high = limits["hashtags"]
        count = len(re.findall(r"(?<!\w)#\w+", text))
        checks.append(low <= count <= high)
        if not checks[-1]:
            feedback.append(Feedback("hashtags", {"count": count, "min": low, "max": high}))
    format_points = round(25 * sum(checks) / len(checks)) if checks else 25
    if all(checks):
        feedback.insert(0, Feedback("format_ok", {"words": words}))

    # citations
    valid = set(sources)
    written = [m for _, ms in factual for m in ms]
    bad = sorted(set(written) - valid, key=lambda m: (len(m), m))
    need = [ms for has, ms in factual if has]
    if not sources:
        cite_points = 0
        feedback.append(Feedback("no_draft"))
    elif not need:
        cite_points = 25 if not bad else 0
        feedback.append(Feedback("citations_none_needed"))
    else:
        cited = sum(1 for ms in need if ms and all(m in valid for m in ms))
        cite_points = round(25 * cited / len(need))
        feedback.append(Feedback("citations", {"cited": cited, "total": len(need)}))
    if bad:
        feedback.append(Feedback("bad_marker", {"markers": ", ".join(f"[{m}]" for m in bad[:5])}))

    # grounding
    ground_points = max(0, 25 - 10 * len(claims))
    if claims:
        items = "; ".join(f"“{_short(c['text'], 40)}”" for c in claims[:5])
        feedback.append(Feedback("unsupported", {"count": len(claims), "items": items}))
    else:
        feedback.append(Feedback("grounded"))

    # safety
    blocks = [f for f in findings if f.get("severity") == "block"]
    warns = [f for f in findings if f.get("severity") == "warn"]
    safety_points = 0 if blocks else max(0, 25 - 10 * len(warns))
    describe = lambda fs: "; ".join(f"{names.get(f['type'], f['type'])} “{_short(f['text'], 40)}”" for f in fs[:5])
    if blocks:
        feedback.append(Feedback("safety_block", {"items": describe(blocks)}))
    if warns:
        feedback.append(Feedback("safety_warn", {"items": describe(warns)}))
    if not blocks and not warns:
        feedback.append(Feedback("safe"))
    parts = [format_points, cite_points, ground_points, safety_points]
    return Score(sum(parts), feedback, details={"parts": parts, "words": words, "unsupported": len(claims),
                                                 "blocks": len(blocks), "warnings": len(warns)})


def factual_sentences(text: str, lang: str | None = None) -> list[tuple[bool, list[str]]]:
    """Per sentence of `text`: whether it states a figure, date, document number or name, and its markers."""
    from studio.drafting.grounding import find_claims

    items = [f.start for f in find_claims(text, lang)]
    out = []
    for s, e in sentence_spans(text):
        out.append((any(s <= i < e for i in items), markers_in(text[s:e])))
    return out


# --- spot the risk -------------------------------------------------------------------------------------------

def marks_from_answer(answer: dict, text: str) -> tuple[list[tuple[int, int]], int]:
    """The marked spans of an answer — `{"marks": [[start, end], …]}` (character offsets) and/or
    `{"quotes": ["exact text", …]}` (found in the text, the next unused occurrence first) — and how many could not
    be placed (out of range, empty, not in the text, not numbers). Those count as wrong marks."""
    marks: list[tuple[int, int]] = []
    bad = 0
    for raw in answer.get("marks") or []:
        try:
            start, end = int(raw[0]), int(raw[1])
        except (TypeError, ValueError, IndexError, KeyError, OverflowError):
            bad += 1
            continue
        if 0 <= start < end <= len(text) and text[start:end].strip():
            marks.append((start, end))
        else:
            bad += 1
    norm = unicodedata.normalize("NFC", text)
    lower = norm.casefold() if len(norm.casefold()) == len(norm) else None  # offsets stay valid
    taken: set[int] = set()
    for quote in answer.get("quotes") or []:
        q = unicodedata.normalize("NFC", str(quote)).strip() if quote is not None else ""
        if not q:
            continue
        starts = [m.start() for m in re.finditer(re.escape(q), norm)]
        if not starts and lower is not None:
            starts = [m.start() for m in re.finditer(re.escape(q.casefold()), lower)]
        if not starts:
            bad += 1
            continue
        start = next((s for s in starts if s not in taken), starts[0])
        taken.add(start)
        marks.append((start, start + len(q)))
    return marks, bad


def mark_matches(mark: tuple[int, int], finding: dict) -> bool:
    """A mark finds a risk when it lies mostly on it (half the mark inside), or covers at least half of it without
    being much longer (at most 1.5 times its length plus 20 characters): marking the whole text finds nothing."""
    (ms, me), fs, fe = mark, finding["start"], finding["end"]
    overlap = min(me, fe) - max(ms, fs)
    if overlap <= 0:
        return False
    mark_len, find_len = me - ms, fe - fs
    return overlap * 2 >= mark_len or (overlap * 2 >= find_len and 2 * mark_len <= 3 * find_len + 40)


def score_spot_the_risk(marks: list[tuple[int, int]], unplaced: int, findings: list[dict],
                        lang: str = "vi") -> Score:
    """Precision and recall of the marks against the safety engine's findings; points = 100 × F1. A finding is
    found by any mark that matches it; a mark is right when it matches any finding."""
    names = RISK_NAMES.get(lang, RISK_NAMES["en"])
    total_marks = len(marks) + unplaced
    if total_marks == 0:
        return Score(0, [Feedback("empty")], [_missed(f, names) for f in findings],
                     details={"found": [], "missed": list(range(len(findings))), "precision": 0.0, "recall": 0.0})
    found = [i for i, f in enumerate(findings) if any(mark_matches(m, f) for m in marks)]
    right = sum(1 for m in marks if any(mark_matches(m, f) for f in findings))
    precision = right / total_marks
    recall = len(found) / len(findings) if findings else 1.0
    missed = [i for i in range(len(findings)) if i not in set(found)]
    feedback = [Feedback("risks_found", {"found": len(found), "total": len(findings)})]
    if total_marks - right:
        feedback.append(Feedback("wrong_marks", {"wrong": total_marks - right, "marks": total_marks}))
    if unplaced:
        feedback.append(Feedback("marks_ignored", {"count": unplaced}))
    return Score(_pct(_f1(precision, recall)), feedback, [_missed(findings[i], names) for i in missed],
                 details={"found": found, "missed": missed, "precision": round(precision, 3),
                          "recall": round(recall, 3)})


def _missed(finding: dict, names: dict) -> Feedback:
    return Feedback("missed_risk", {"type": names.get(finding["type"], finding["type"]),
                                    "text": _short(finding["text"], 100)})


# --- check the facts -----------------------------------------------------------------------------------------

def score_check_the_facts(flagged, key_flagged: list[int], claims: list[dict], n_sentences: int,
                          lang: str = "vi") -> Score:
    """Flagged sentence numbers (0-based) against those the grounding check finds unsupported; points = 100 × F1.
    Numbers outside the draft are ignored (counted as wrong flags)."""
    kinds = CLAIM_KINDS.get(lang, CLAIM_KINDS["en"])
    flags: set[int] = set()
    outside = 0
    for raw in flagged or []:
        try:
            i = int(raw)
        except (TypeError, ValueError, OverflowError):
            outside += 1
            continue
        if 0 <= i < n_sentences:
            flags.add(i)
        else:
            outside += 1
    key = set(key_flagged)
    missed = sorted(key - flags)
    revealed = [Feedback("missed_fact", {"number": c["sentence"] + 1, "kind": kinds.get(c["kind"], c["kind"]),
                                         "text": _short(c["text"], 60)})
                for c in claims if c["sentence"] in set(missed)]
    if not flags and not outside:
        return Score(0, [Feedback("empty")], revealed, details={"found": [], "missed": missed})
    right = len(flags & key)
    precision = right / (len(flags) + outside)
    recall = right / len(key) if key else 1.0
    feedback = [Feedback("facts_found", {"found": right, "total": len(key)})]
    if len(flags - key) + outside:
        feedback.append(Feedback("false_flags", {"count": len(flags - key) + outside}))
    return Score(_pct(_f1(precision, recall)), feedback, revealed,
                 details={"found": sorted(flags & key), "missed": missed, "precision": round(precision, 3),
                          "recall": round(recall, 3)})


# --- quiz ----------------------------------------------------------------------------------------------------

def score_quiz(choices, correct: list[int], explanations: list[str]) -> Score:
    """One point per right answer, as a percentage; a missing or invalid choice is a wrong answer."""
    choices = list(choices or [])
    if not any(isinstance(c, int) and not isinstance(c, bool) for c in choices):
        revealed = [Feedback("quiz_answer", {"number": n + 1, "letter": "ABCD"[c], "explanation": strip_markers(e)})
                    for n, (c, e) in enumerate(zip(correct, explanations))]
        return Score(0, [Feedback("empty")], revealed, details={"right": [], "total": len(correct)})
    right, revealed = [], []
    for n, answer in enumerate(correct):
        chosen = choices[n] if n < len(choices) else None
        ok = isinstance(chosen, int) and not isinstance(chosen, bool) and chosen == answer
        if ok:
            right.append(n)
        else:
            if isinstance(chosen, int) and not isinstance(chosen, bool) and 0 <= chosen < 4:
                revealed.append(Feedback("quiz_wrong", {"number": n + 1, "chosen": "ABCD"[chosen]}))
            revealed.append(Feedback("quiz_answer", {"number": n + 1, "letter": "ABCD"[answer],
                                                     "explanation": strip_markers(explanations[n])}))
    return Score(_pct(len(right) / len(correct)) if correct else 0,
                 [Feedback("quiz_right", {"right": len(right), "total": len(correct)})], revealed,
                 details={"right": right, "total": len(correct)})
