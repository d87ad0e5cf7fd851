"""A draft as readable text (CLI, previews, exports): the format's fields in reading order."""

from __future__ import annotations

from studio.drafting.formats import used_markers
from studio.drafting.models import Draft

LABELS = {
    "vi": {"sources": "Nguồn", "answer": "Đáp án", "explanation": "Giải thích", "scene": "Cảnh",
           "composer": "Soạn bởi", "unsupported": "Chưa có nguồn cho", "limits": "Chưa đạt giới hạn",
           "safety": "Kiểm tra an toàn"},
    "en": {"sources": "Sources", "answer": "Answer", "explanation": "Why", "scene": "Scene",
           "composer": "Composer", "unsupported": "Not supported by the sources", "limits": "Limits not met",
           "safety": "Safety check"},
}


def render_text(draft: Draft, lang: str | None = None) -> str:
    """The draft's content, then its sources, composer and warnings."""
    lang = lang or draft.request.lang
    labels = LABELS.get(lang, LABELS["en"])
    lines = content_lines(draft.request.format.value, draft.content, labels)
    lines += _trailer(draft, labels)
    return "\n".join(lines).strip() + "\n"


def content_text(draft: Draft) -> str:
    """Only what would be published: the text the safety gate checks."""
    labels = LABELS.get(draft.request.lang, LABELS["en"])
    return "\n".join(content_lines(draft.request.format.value, draft.content, labels)).strip() + "\n"


def content_lines(fmt: str, c: dict, labels: dict) -> list[str]:
    lines: list[str] = []
    if fmt == "article":
        lines += [c["headline"], "", c["lead"], ""]
        for section in c["sections"]:
            lines += [f"## {section['heading']}", *section["paragraphs"], ""]
        lines.append(c["closing"])
    elif fmt == "news_brief":
        lines += [c["headline"], "", *c["paragraphs"]]
    elif fmt == "social_post":
        lines += [c["text"], "", c["call_to_action"], " ".join(c["hashtags"])]
    elif fmt == "zalo_message":
        lines.append(c["text"])
    elif fmt == "newsletter":
        lines += [c["title"], "", *c["paragraphs"]]
    elif fmt == "talking_points":
        lines += [c["title"], "", *[f"• {p}" for p in c["points"]]]
    elif fmt == "quiz":
        lines += [c["title"], ""]
        for n, q in enumerate(c["questions"], start=1):
            lines.append(f"{n}. {q['question']}")
            lines += [f"   {'ABCD'[i]}. {o}" for i, o in enumerate(q["options"])]
            lines += [f"   {labels['answer']}: {'ABCD'[q['correct']]} — {labels['explanation']}: {q['explanation']}", ""]
    elif fmt == "video_script":
        lines += [c["title"], ""]
        for n, s in enumerate(c["scenes"], start=1):
            lines += [f"{labels['scene']} {n} ({s['duration_s']:.0f} s): {s['on_screen_text']}", f"   {s['narration']}"]
    elif fmt == "infographic_brief":
        lines += [f"{c['title']} ({c['kind']})", ""]
        lines += [f"• {i['value']} — {i['label']} [{i['source']}]" for i in c["items"]]
    return lines


def _trailer(draft: Draft, labels: dict) -> list[str]:
    lines = ["", f"{labels['sources']}:"]
    cited = used_markers(draft.content)
    for s in draft.citations:
        if s.marker not in cited:
            continue  # handed to the composer but not cited in the text
        where = " › ".join(x for x in (s.title, s.section) if x)
        lines.append(f"[{s.marker}] {where} ({s.doc_id}, {s.start}–{s.end})")
    lines.append(f"{labels['composer']}: {draft.composer} · {draft.model} · {draft.prompt_id} v{draft.prompt_version}")
    for claim in draft.grounding:
        lines.append(f"⚠ {labels['unsupported']}: “{claim.text}” ({claim.kind}, {claim.field})")
    for limit in draft.limits:
        lines.append(f"⚠ {labels['limits']}: {limit}")
    lines += [f"ℹ {n}" for n in draft.notices]
    if draft.safety:
        lines.append(f"{labels['safety']}: {draft.safety['verdict']}")
        lines += [f"⚠ {f['severity']}: {f['type']} “{f['text']}”" for f in draft.safety["findings"]
                  if f["severity"] != "info"]
    return lines
