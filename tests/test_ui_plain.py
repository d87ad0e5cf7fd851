"""The one escaping helper of the pages (`studio.ui.plain`): untrusted text rendered as Markdown (or inside the
product's HTML) shows exactly as written — no image, link, emphasis, heading, list, table, code, math, directive,
HTML or autolink. Rendered with markdown-it (CommonMark + GFM tables and strikethrough, raw HTML allowed, as
`unsafe_allow_html=True` would), then the visible text is compared with the input."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from studio.ui.plain import plain, plain_html

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_TAG = re.compile(r"<[^>]+>")
_ALLOWED_TAGS = {"p", "/p", "br /", "br"}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b"), None)

HOSTILE = [
    "![x](http://127.0.0.1:8765/x.png)",
    "[klik](http://evil.example/a) and <http://evil.example/b>",
    "bare http://127.0.0.1:8765/page and https://a.b/c?d=e and www.evil.example and lan@congdoan.vn",
    "<img src=http://127.0.0.1:8765/y.png onerror=alert(1)> <script>alert(1)</script> &amp; &#91;",
    "**đậm** __đậm__ *nghiêng* _nghiêng_ ~~gạch~~ ~gạch~ `mã` ``mã``",
    "# Tiêu đề\n## Hai\n> trích dẫn\n- gạch đầu dòng\n+ cộng\n* sao\n1. một\n2) hai\n---\n***\n___",
    "Dòng một\n===\nDòng hai\n---",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "```\nfenced\n```\n~~~\nfenced\n~~~",
    "    thụt lề bốn dấu cách\n\tmột tab",
    "giá $5$ và $$x^2$$ \\(a\\) \\[b\\]",
    ":red[đỏ] :material/home: :smile: {#id .class} [^1] [a]: http://ref.example",
    "a\\*b\\ c\\\\d \\",
    "trailing backslash \\\nnext",
]


def _visible(source: str) -> tuple[str, set[str]]:
    """The text a reader sees and the tags markdown-it made of `source`."""
    out = _MD.render(source)
    tags = {m.group(0)[1:-1].split(" ")[0] if not m.group(0).startswith("<br") else "br /" for m in _TAG.finditer(out)}
    text = html.unescape(_TAG.sub("", out.replace("<br />", "\n").replace("<br>", "\n"))).translate(_INVISIBLE).replace("\u00a0", " ")
    return text, tags


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_renders_as_exactly_that_text(text):
    shown, tags = _visible(plain(text))
    assert tags <= _ALLOWED_TAGS, (text, tags)
    assert _words(shown) == _words(text.replace("\t", "    "))


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_html_renders_as_exactly_that_text_inline_and_in_a_block(text):
    inline, tags = _visible(f"… {plain_html(text)} …".replace("<br>", " "))
    assert tags <= _ALLOWED_TAGS, (text, tags)
    assert _words(inline) == _words(f"… {text} …")
    block, tags = _visible(f'<div style="x">{plain_html(text)}</div>')  # an HTML block: not parsed as Markdown
    assert tags <= {"div", "/div", "br /"}, (text, tags)
    assert _words(block) == _words(text)


@pytest.mark.parametrize("char", list(r"\`*_{}[]<>()#!|~$:@&^="))
def test_every_active_character_is_escaped(char):
    assert plain(f"a{char}b").replace("\u200b", "") == f"a\\{char}b"
    expected = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "(": "(", ")": ")", "=": "="}.get(char, f"&#{ord(char)};")
    assert plain_html(f"a{char}b").replace("\u200b", "") == f"a{expected}b"


@pytest.mark.parametrize("line, escaped", [("# h", "\\# h"), ("- a", "\\- a"), ("+ a", "\\+ a"),
                                           ("12. a", "12\\. a"), ("3) a", "3\\) a"), ("> q", "\\> q"),
                                           ("--- ", "\\--- "), ("x - y. 2. z", "x - y. 2. z")])
def test_line_starts_are_escaped_and_inline_punctuation_left_alone(line, escaped):
    assert plain(line) == escaped
    assert plain("x\n" + line) == "x  \n" + escaped


def test_urls_and_addresses_are_broken_for_every_autolinker():
    """GFM autolinks literal URLs even after escapes are resolved (remark's transform works on the text), so
    the helper puts a zero-width space inside each protocol, `www.` and e-mail address."""
    for text in ("http://127.0.0.1:9/p", "HTTPS://a.b", "www.a.b", "mailto:x@y.z", "lan@congdoan.vn"):
        for out in (plain(text), html.unescape(plain_html(text))):
            unescaped = out.replace("\\", "")
            assert not re.search(r"(?i)https?://|www\.|mailto:\w|\w@\w", unescaped), out
            assert unescaped.replace("\u200b", "") == text


def test_line_breaks_and_indentation_are_kept():
    assert plain("a\nb\n\nc") == "a  \nb  \n  \nc"
    assert plain("a\r\n    b") == "a  \n\u00a0\u00a0\u00a0\u00a0b"
    assert plain_html("a\nb") == "a<br>b"


def test_none_and_non_strings():
    assert plain(None) == "" and plain_html(None) == ""
    assert plain(3.5) == "3.5" and plain_html(7) == "7"


def test_plain_vietnamese_text_is_unchanged():
    text = "Nghị quyết 57-NQ/TW, ngày 22/12/2024; phí 5.000.000 đồng?"
    assert plain(text) == text
