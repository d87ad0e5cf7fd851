"""Untrusted text (documents, passages, answers, drafts, comments, names, titles) shown as text on every page.

Streamlit renders Markdown almost everywhere a string is shown (markdown, captions, alerts, subheaders, expander,
checkbox and radio labels): `![x](http://…)` in a document would make every viewer's browser fetch that URL,
`$…$` would become LaTeX, `:red[…]` a directive, a bare URL a link. The two helpers here make any text inert:

- `plain(text)`: Markdown source that shows `text` exactly, for any Markdown context (with or without
  `unsafe_allow_html`); line breaks kept.
- `plain_html(text)`: the same text for the product's own HTML (boxes, `<mark>` highlights) shown with
  `unsafe_allow_html=True`; safe both inside an HTML block and inline in a Markdown paragraph.

Links and images appear only where the product writes them itself. Escaping for exports (the bundle's
CommonMark) is another job and lives in `studio.publish.to_markdown`.
"""

from __future__ import annotations

import html
import re

# Active anywhere in a line: emphasis, code, links/images, HTML, entities, math, tables, strikethrough,
# directives and emoji shortcodes, attributes, footnotes, setext underlines.
_ACTIVE = re.compile(r"([\\`*_{}\[\]<>()#!|~$:@&^=])")
# Active only at the start of a line (after indentation): list and thematic-break markers, ordered lists.
_LINE_START = re.compile(r"(?m)^([ \t]*)(?:([+\-])|(\d+)(\.)(?=[ \t]|$))")
_INDENT = re.compile(r"(?m)^[ \t]+")
# What GFM (and remark's autolink transform, which runs after escapes are resolved) turns into a link:
# http(s)://, www., mailto:/xmpp:, e-mail addresses. A zero-width space breaks each pattern and shows nothing.
_ZWSP = "\u200b"
_URL = re.compile(r"(?i)\b(https?|mailto|xmpp|ftp)(:)(?=\S)|\b(www)(\.)|(@)(?=\w)")
# Entities for the HTML form: decoded to literal text by both the browser and the Markdown parser.
# (no list, heading or setext line can start inside it: its line breaks are `<br>`, so only its start is checked)
_ACTIVE_HTML = re.compile(r"[\\`*_{}\[\]#!|~$:@^]")
_HTML_START = re.compile(r"^(\s*)(?:([+\-=])|(\d+)([.)]))")


def _break_links(text: str) -> str:
    return _URL.sub(lambda m: _ZWSP.join(g for g in m.groups() if g) if m.group(3) else m.group(0) + _ZWSP, text)


def plain(text) -> str:
    """Markdown source that Streamlit shows as exactly `text`: no formatting, link, image, HTML, math,
    directive or autolink; line breaks kept (hard breaks), indentation kept (no code block)."""
    if text is None:
        return ""
    out = _break_links(str(text).replace("\r\n", "\n").replace("\r", "\n"))
    out = _ACTIVE.sub(r"\\\1", out)
    out = _LINE_START.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\."), out)
    out = _INDENT.sub(lambda m: "\u00a0" * len(m.group(0).expandtabs(4)), out)
    return "  \n".join(out.split("\n"))


def plain_html(text) -> str:
    """`text` as HTML text content for the product's own markup (`unsafe_allow_html=True`; not for attribute
    values): HTML escaped, every Markdown-active character as a numeric reference (inert in a Markdown paragraph
    too), `<br>` for line breaks."""
    if text is None:
        return ""
    out = _break_links(str(text).replace("\r\n", "\n").replace("\r", "\n"))
    out = _ACTIVE_HTML.sub(lambda m: f"&#{ord(m.group(0))};", html.escape(out, quote=False))
    out = _HTML_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" if not c.isdigit() else c
                                                         for c in m.group(0)[len(m.group(1)):]), out)
    return out.replace("\n", "<br>")
