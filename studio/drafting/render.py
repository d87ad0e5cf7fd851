"""A draft as readable text (CLI, previews, exports): the format's fields in reading order."""

from __future__ import annotations

from studio.drafting.formats import used_markers
from studio.drafting.models import Draft

LABELS = {
    "vi": {"sources": "Nguồn", "answer": "Đáp án", "explanation": "Giải thích", "scene": "Cảnh",
           "composer": "Soạn bởi", "unsupported": "Chưa có nguồn cho", "limits": "Chưa đạt giới hạn",
           "safety": "Kiểm tra an toàn", "variant": "phương án", "further": "Đọc thêm (chưa dịch, không trích)",
           "style": "Văn phong", "translated": "bản dịch của mô hình"},
    "en": {"sources": "Sources", "answer": "Answer", "explanation": "Why", "scene": "Scene",
           "composer": "Composer", "unsupported": "Not supported by the sources", "limits": "Limits not met",
           "safety": "Safety check", "variant": "variant", "further": "Further reading (not translated, not quoted)",
           "style": "House style", "translated": "translated by the model"},
}


VERDICTS = {  # the gate's verdicts in words
    "vi": {"pass": "đạt", "warn": "cần xem lại", "block": "bị chặn"},
    "en": {"pass": "passed", "warn": "needs a look", "block": "blocked"},
}
SEVERITIES = {"vi": {"warn": "Cảnh báo", "block": "Chặn", "info": "Lưu ý"},
              "en": {"warn": "Warning", "block": "Blocked", "info": "Note"}}


def _type_name(code: str, labels: dict) -> str:
    from studio.safety.finding_types import (
        REGISTRY,  # imports nothing of the project: any layer may read it
    )

    spec = REGISTRY.get(code)
    return spec.label("en" if labels is LABELS["en"] else "vi") if spec else code


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
    """The content of a `fmt` draft as readable lines (the format registry's `lines`)."""
    from studio.drafting.registry import spec_of

    return spec_of(fmt).lines(c, labels)


def _trailer(draft: Draft, labels: dict) -> list[str]:
    lines = ["", f"{labels['sources']}:"]
    cited = used_markers(draft.content)
    for s in draft.citations:
        if s.marker not in cited:
            continue  # handed to the composer but not cited in the text
        where = " › ".join(x for x in (s.title, s.section) if x)
        translated = f", {labels['translated']}" if s.translated else ""
        lines.append(f"[{s.marker}] {where} ({s.doc_id}, {s.start}–{s.end}{translated})")
    if draft.further_reading:
        lines += ["", f"{labels['further']}:"]
        lines += [f"• {s.title} ({s.lang})" for s in draft.further_reading]
    variant = f" · {labels['variant']} {draft.variant + 1}" if draft.variant else ""
    lines.append(f"{labels['composer']}: {draft.composer} · {draft.model} · {draft.prompt_id} v{draft.prompt_version}"
                 f"{variant}")
    for claim in draft.grounding:
        lines.append(f"⚠ {labels['unsupported']}: “{claim.text}” ({claim.kind}, {claim.field})")
    for limit in draft.limits:
        lines.append(f"⚠ {labels['limits']}: {limit}")
    lines += [f"ℹ {n}" for n in draft.notices]
    lang = "en" if labels is LABELS["en"] else "vi"
    for finding in draft.style:
        message = finding["message"].get(lang) or finding["message"].get("en", "")
        lines.append(f"✎ {labels['style']}: “{finding['text']}” — {message}")
    if draft.safety:
        lang = "en" if labels is LABELS["en"] else "vi"
        words, severity = VERDICTS[lang], SEVERITIES[lang]
        lines.append(f"{labels['safety']}: {words.get(draft.safety['verdict'], draft.safety['verdict'])}")
        lines += [f"⚠ {severity.get(f['severity'], f['severity'])}: {_type_name(f['type'], labels)} “{f['text']}”"
                  for f in draft.safety["findings"]
                  if f["severity"] != "info"]
    return lines
