"""The document as CommonMark: every text is escaped, so a title like `<script>` stays text in any renderer."""

from __future__ import annotations

import re
from urllib.parse import quote

from studio.publish.document import Document, Part, source_line
from studio.publish.names import MEDIA_DIR

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)(?:([#+\-=>])|(\d+)([.)]))")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def escape(text: str, line_start: bool = True) -> str:
    """Markdown source that shows `text` literally; `line_start` also defuses what would open a heading, a
    list or a quote at the start of a line ("1. ", "# ", "- ", "> ")."""
    text = _INLINE.sub(r"\\\1", text)
    if not line_start:
        return text
    return _LINE_START.sub(lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)),
                           text)


def unescape(text: str) -> str:
    """Markdown source → the text a reader sees (enough to find the AI label in it)."""
    return _UNESCAPE.sub(r"\1", text)


def _inline(parts: tuple[Part, ...], line_start: bool = True) -> str:
    out = []
    for k, p in enumerate(parts):
        if isinstance(p, str):
            out.append(escape(p, line_start and k == 0))
        else:
            out.append("[" + ", ".join(map(str, p)) + "]")
    return "".join(out)


def render_markdown(doc: Document, media, footer: str) -> bytes:
    t = doc.terms
    out = [f"# {_inline(doc.title, False)}", "", f"> **{escape(doc.label, False)}**", ""]
    after_item = False
    for block in doc.blocks:
        item = block.kind in ("bullet", "option")
        if not (item and after_item):
            out.append("")  # a blank line between blocks; list items stay together
        text = _inline(block.parts, line_start=block.kind in ("para", "note", "bullet", "option"))
        out.append({"heading": f"## {text}", "subhead": f"**{text}**", "bullet": f"- {text}",
                    "option": f"- {block.mark}. {text}"}.get(block.kind, text))
        after_item = item
    if media:
        out += ["", f"## {escape(t['media'])}", ""]
        for m in media:
            target = quote(MEDIA_DIR + m.name)
            if m.kind == "png":
                out.append(f"![{escape(m.alt)}]({target})")
            else:
                out.append(f"- [{escape(m.name)}]({target})" + (f" — {escape(m.alt)}" if m.alt else ""))
            out.append("")
    if doc.sources:
        out += ["", f"## {escape(t['sources'])}", ""]
        out += [f"{s.number}. {escape(source_line(s, t))}" for s in doc.sources]
    out += ["", "---", "", escape(footer), ""]
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.encode("utf-8")
