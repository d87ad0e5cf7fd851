"""Each format's content as lines of readable text, in reading order (the grammar `studio.publish.document`
parses back: a title line, `## heading`, `• point`, `1. question` with `   A. option`, `Cảnh 1 (5 s): …`).

Pure functions of a dumped format model and the labels of `studio.drafting.render.LABELS`; the format
registry (`studio.drafting.registry`) names which one each format uses."""

from __future__ import annotations


def article_lines(c: dict, labels: dict) -> list[str]:
    lines = [c["headline"], "", c["lead"], ""]
    for section in c["sections"]:
        lines += [f"## {section['heading']}", *section["paragraphs"], ""]
    return [*lines, c["closing"]]


def titled_paragraphs(key: str):
    """A title (`key`) then the paragraphs: news brief (headline), newsletter (title)."""
    def lines(c: dict, labels: dict) -> list[str]:
        return [c[key], "", *c["paragraphs"]]
    return lines


def social_post_lines(c: dict, labels: dict) -> list[str]:
    return [c["text"], "", c["call_to_action"], " ".join(c["hashtags"])]


def zalo_message_lines(c: dict, labels: dict) -> list[str]:
    return [c["text"]]


def talking_points_lines(c: dict, labels: dict) -> list[str]:
    return [c["title"], "", *[f"• {p}" for p in c["points"]]]


def quiz_lines(c: dict, labels: dict) -> list[str]:
    lines = [c["title"], ""]
    for n, q in enumerate(c["questions"], start=1):
        lines.append(f"{n}. {q['question']}")
        lines += [f"   {'ABCD'[i]}. {o}" for i, o in enumerate(q["options"])]
        lines += [f"   {labels['answer']}: {'ABCD'[q['correct']]} — {labels['explanation']}: {q['explanation']}", ""]
    return lines


def video_script_lines(c: dict, labels: dict) -> list[str]:
    lines = [c["title"], ""]
    for n, s in enumerate(c["scenes"], start=1):
        lines += [f"{labels['scene']} {n} ({s['duration_s']:.0f} s): {s['on_screen_text']}", f"   {s['narration']}"]
    return lines


def infographic_brief_lines(c: dict, labels: dict) -> list[str]:
    return [c["title"], "", *[f"• {i['value']} — {i['label']} [{i['source']}]" for i in c["items"]]]
