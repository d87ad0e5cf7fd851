"""The material of each exercise and its answer key, from the shipped bank or generated from the knowledge base.

Everything is decided by the session's seed (`random.Random(f"{seed}:{position}:{kind}")`), so the same seed
and the same knowledge base give the same material; the material is stored with the session, so the whole room
sees exactly the same texts. Answer keys come from the engines that guard real publishing: the safety gate's
findings (spot the risk) and the grounding check's unsupported claims (check the facts).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from studio.errors import StudioError
from studio.workshop.models import ExerciseKind
from studio.workshop.scoring import FORMAT_LIMITS

BANK_DIR = Path(__file__).with_name("bank")
KINDS = tuple(k.value for k in ExerciseKind)
SOURCES = ("bank", "knowledge")
MAX_EXERCISES = 12
KIND_NAMES = {
    "vi": {"write-with-ai": "Viết cùng AI", "spot-the-risk": "Tìm rủi ro", "check-the-facts": "Kiểm tra sự thật",
           "quiz": "Trắc nghiệm"},
    "en": {"write-with-ai": "Write with AI", "spot-the-risk": "Spot the risk", "check-the-facts": "Check the facts",
           "quiz": "Quiz"},
}
_BRIEFS = {  # write-with-ai briefs for material generated from the knowledge base
    "vi": {"zalo_message": "Viết một tin nhắn Zalo (tối đa 80 từ, không dùng Markdown) gửi đoàn viên về “{title}”. "
                           "Giữ trích dẫn nguồn [S…] sau các câu có số liệu, không đưa thông tin cá nhân vào tin.",
           "social_post": "Viết một bài đăng fanpage (tối đa 120 từ, 2–4 hashtag) về “{title}”. Ghi đúng số liệu, "
                          "giữ trích dẫn nguồn [S…], không đưa thông tin cá nhân vào bài."},
    "en": {"zalo_message": "Write a Zalo message (at most 80 words, no Markdown) to members about “{title}”. Keep the "
                           "source markers [S…] after sentences with figures and leave out any personal data.",
           "social_post": "Write a fanpage post (at most 120 words, 2–4 hashtags) about “{title}”. Get the figures "
                          "right, keep the source markers [S…] and leave out any personal data."},
}
_RESOLUTION = re.compile(r"nghị quyết|resolution|\bNQ\b", re.IGNORECASE)


@dataclass(frozen=True)
class ExerciseSpec:
    kind: str
    material: dict    # what participants see
    answer_key: dict  # what the scoring compares against


def parse_kinds(value) -> list[str]:
    """`"write-with-ai,quiz"` or a list → the exercise kinds in order (a kind may repeat)."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    kinds = [str(k).strip().lower().replace("_", "-") for k in items if str(k).strip()]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds or len(kinds) > MAX_EXERCISES:
        raise StudioError("workshop_exercises_invalid", names=", ".join(unknown) or "—", known=", ".join(KINDS),
                          max=MAX_EXERCISES)
    return kinds


@lru_cache(maxsize=2)
def load_bank(lang: str) -> dict:
    path = BANK_DIR / f"{lang if lang in ('vi', 'en') else 'vi'}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def build_exercises(kinds: list[str], lang: str, seed: int, source: str = "bank", *, gate, kb=None,
                    prompts=None) -> list[ExerciseSpec]:
    """The exercises of a new session. `gate` (a SafetyGate) makes the spot-the-risk keys; `source="knowledge"`
    needs `kb` (a KnowledgeBase with documents in `lang`) and `prompts` (for the quiz's offline draft)."""
    if source not in SOURCES:
        raise StudioError("bad_request", detail=f"material source must be one of {', '.join(SOURCES)}")
    seen: dict[str, int] = {}
    specs = []
    for position, kind in enumerate(kinds, start=1):
        nth = seen[kind] = seen.get(kind, -1) + 1
        rng = random.Random(f"{seed}:{position}:{kind}")
        if source == "knowledge":
            if kb is None:
                raise StudioError("workshop_material_unavailable", kind=kind, detail="no knowledge base")
            specs.append(_from_knowledge(kind, lang, rng, gate, kb, prompts))
        else:
            specs.append(_from_bank(kind, lang, seed, nth, gate))
    return specs


# --- the bank ------------------------------------------------------------------------------------------------

def _from_bank(kind: str, lang: str, seed: int, nth: int, gate) -> ExerciseSpec:
    bank = load_bank(lang)
    section = kind.replace("-", "_")
    items = list(bank[section])
    random.Random(f"{seed}:{kind}").shuffle(items)  # a repeated kind takes the next item
    item = items[nth % len(items)]
    if kind == "write-with-ai":
        return write_spec(item["brief"], item["format"], item["topic_hint"], item["id"])
    if kind == "spot-the-risk":
        return spot_spec(item["text"], lang, gate, item["id"])
    if kind == "check-the-facts":
        return facts_spec(item["title"], item["source"], item["draft"], lang, item["id"])
    return quiz_spec(item["title"], item["questions"], item["id"])


def write_spec(brief: str, fmt: str, topic_hint: str, origin: str) -> ExerciseSpec:
    return ExerciseSpec("write-with-ai", {"brief": brief.strip(), "format": fmt, "topic_hint": topic_hint,
                                          "limits": {k: list(v) if isinstance(v, tuple) else v
                                                     for k, v in FORMAT_LIMITS[fmt].items()},
                                          "origin": origin}, {})


def spot_spec(text: str, lang: str, gate, origin: str) -> ExerciseSpec:
    """The risks of the text are what the safety gate finds (blocking and warning findings)."""
    findings = [f for f in gate.findings(text, lang) if f.severity in ("block", "warn")]
    key = [{"type": f.type, "start": f.start, "end": f.end, "text": f.text, "severity": f.severity}
           for f in findings]
    return ExerciseSpec("spot-the-risk", {"text": text, "origin": origin}, {"findings": key})


def facts_spec(title: str, source: str, draft: list[str], lang: str, origin: str) -> ExerciseSpec:
    """The wrong sentences are those the grounding check finds unsupported by the source."""
    from studio.drafting.grounding import check_text

    sentences = [" ".join(s.split()) for s in draft]
    text = "\n".join(sentences)
    starts = [0]
    for s in sentences[:-1]:
        starts.append(starts[-1] + len(s) + 1)
    claims = []
    for c in check_text(text, {"S1": " ".join(source.split())}, lang):
        index = max(i for i, s in enumerate(starts) if s <= c.start)
        claims.append({"sentence": index, "text": c.text, "kind": c.kind})
    return ExerciseSpec("check-the-facts",
                        {"title": title, "sources": [{"marker": "S1", "title": title, "text": " ".join(source.split())}],
                         "sentences": sentences, "origin": origin},
                        {"flagged": sorted({c["sentence"] for c in claims}), "claims": claims})


def quiz_spec(title: str, questions: list[dict], origin: str) -> ExerciseSpec:
    return ExerciseSpec("quiz",
                        {"title": title, "questions": [{"question": q["question"], "options": list(q["options"])}
                                                       for q in questions], "origin": origin},
                        {"correct": [int(q["correct"]) for q in questions],
                         "explanations": [q.get("explanation", "") for q in questions]})


# --- the knowledge base --------------------------------------------------------------------------------------

def _from_knowledge(kind: str, lang: str, rng: random.Random, gate, kb, prompts) -> ExerciseSpec:
    docs = sorted((d for d in kb.list_documents() if d.lang == lang), key=lambda d: d.doc_id)
    if not docs:
        raise StudioError("workshop_material_unavailable", kind=kind, detail=f"no document in “{lang}”")
    if kind == "quiz":
        resolutions = [d for d in docs if _RESOLUTION.search(d.title)] or docs
        return _quiz_from(rng.choice(resolutions), lang, kb, prompts)
    doc = rng.choice(docs)
    if kind == "write-with-ai":
        fmt = rng.choice(["zalo_message", "social_post"])
        title = doc.title.replace("“", "‘").replace("”", "’")  # quotes inside the brief's quotes
        return write_spec(_BRIEFS[lang][fmt].format(title=title), fmt, doc.title, f"kb:{doc.doc_id}")
    sentences = document_sentences(kb.get_document(doc.doc_id)[1])
    if kind == "spot-the-risk":
        return _spot_from(doc, sentences, lang, rng, gate)
    return _facts_from(doc, sentences, lang, rng)


def document_sentences(text: str) -> list[str]:
    """Plain sentences of a document (headings, bullets and emphasis marks dropped), 6 to 45 words each."""
    from studio.knowledge.textnorm import sentence_spans

    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:#+|[-*•]|\d+[.)])\s*", "", line).replace("**", "").replace("__", "").strip()
        if not line or line.startswith(("---", "title:", "lang:", "tags:", "source:")):
            continue
        for s, e in sentence_spans(line):
            sentence = line[s:e].strip()
            if 6 <= len(sentence.split()) <= 45 and sentence[-1:] in ".!?…":
                out.append(sentence)
    return out


def _spot_from(doc, sentences: list[str], lang: str, rng: random.Random, gate) -> ExerciseSpec:
    bank = load_bank(lang)
    clean = [s for s in sentences if not [f for f in gate.findings(s, lang) if f.severity != "info"]]
    if len(clean) < 3:
        raise StudioError("workshop_material_unavailable", kind="spot-the-risk", detail=doc.title)
    start = rng.randrange(len(clean) - 2)
    lines = clean[start:start + 3]
    values = {k: rng.choice(v) for k, v in bank["values"].items()}
    plants = [p.format(**values) for p in rng.sample(bank["plants"], 4)]
    marking = next((p for p in plants if p == values["marking"]), None)
    body = [p for p in plants if p != marking]
    for plant in body:
        lines.insert(rng.randrange(1, len(lines) + 1), plant)
    if marking:
        lines.insert(0, marking)
    return spot_spec("\n".join(lines), lang, gate, f"kb:{doc.doc_id}")


_FIGURE_KINDS = ("number", "date", "doc_number")


def _facts_from(doc, sentences: list[str], lang: str, rng: random.Random) -> ExerciseSpec:
    from studio.drafting.grounding import find_claims

    with_figures = [i for i, s in enumerate(sentences) if any(f.kind in _FIGURE_KINDS for f in find_claims(s, lang))]
    if len(with_figures) < 2:
        raise StudioError("workshop_material_unavailable", kind="check-the-facts", detail=doc.title)
    first = rng.choice(with_figures[:-1] if len(with_figures) > 2 else with_figures[:1])
    window = [i for i in range(first, min(len(sentences), first + 5))]
    picked = [i for i in window if i in with_figures]
    source = " ".join(sentences[i] for i in window)
    draft = [sentences[i] for i in window]
    for i in rng.sample(picked, min(2, len(picked))):
        draft[window.index(i)] = _falsify(sentences[i], lang, rng, source)
    return facts_spec(doc.title, source, [f"{s} [S1]" for s in draft], lang, f"kb:{doc.doc_id}")


def _falsify(sentence: str, lang: str, rng: random.Random, source: str) -> str:
    """The sentence with the last digit of one figure changed, so the grounding check no longer finds it."""
    from studio.drafting.grounding import check_text, find_claims

    items = [f for f in find_claims(sentence, lang) if f.kind in _FIGURE_KINDS]
    rng.shuffle(items)
    for item in items:
        digits = [m.start() for m in re.finditer(r"\d", item.text)]
        for pos in reversed(digits):
            old = int(item.text[pos])
            for step in rng.sample(range(1, 9), 8):
                new = (old + step) % 10
                changed = item.text[:pos] + str(new) + item.text[pos + 1:]
                candidate = sentence[:item.start] + changed + sentence[item.end:]
                if check_text(candidate, {"S1": source}, lang):
                    return candidate
    return sentence


def _quiz_from(doc, lang: str, kb, prompts) -> ExerciseSpec:
    from studio.drafting.models import DraftRequest
    from studio.drafting.prompts import load_prompts
    from studio.drafting.service import draft

    request = DraftRequest(format="quiz", topic=doc.title, lang=lang, questions=5)
    try:
        result = draft(kb, request, prompts or load_prompts(), None)  # the offline composer: deterministic
    except StudioError as err:
        raise StudioError("workshop_material_unavailable", kind="quiz", detail=err.message("en")) from None
    content = result.content
    questions = [{"question": q["question"], "options": q["options"], "correct": q["correct"],
                  "explanation": q["explanation"]} for q in content["questions"]]
    return quiz_spec(content["title"], questions, f"kb:{doc.doc_id}")
