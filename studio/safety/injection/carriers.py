"""Hidden carriers: HTML comments, hidden HTML elements and their attributes, markdown link targets and titles,
invisible characters (tag characters, text-direction overrides, long zero-width runs) and base64 blobs that decode to
an instruction. `_carrier_signals` reports each as a `_Signal` on the original text."""

from __future__ import annotations

import base64
import binascii
import bisect
import itertools
import re

from studio.safety.injection.normalise import normalise
from studio.safety.injection.signals import _phrase_signals, _Signal
from studio.safety.injection.vocabulary import _AI_CONTEXT, _AI_UPPER, IMPERATIVE_EN, IMPERATIVE_VI

# --- hidden carriers --------------------------------------------------------------------------------------------

_INVISIBLE = re.compile(r"[\ufeff\u200b-\u200f\u2060-\u2064\u202a-\u202e\u2066-\u2069\u180e\u115f\u1160\u3164"
                        r"\U000e0000-\U000e007f]+")
_TAGS = re.compile(r"[\U000e0000-\U000e007f]+")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_COMMENT = re.compile(r"<!--(.*?)(?:-->|$)", re.DOTALL)
# brackets and parentheses end the scans, so a text full of them costs no backtracking
_MD_INLINE = re.compile(r"!?\[[^\[\]\n]{0,500}\]\(\s*<?([^\s()<>\[\]]{0,4000})>?"
                        r"(?:\s+(\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'|\([^)\n]{0,500}\)))?\s*\)")
_MD_REF = re.compile(r"(?m)^[ \t]{0,3}\[[^\]\n]{1,200}\]:[ \t]*<?(\S{1,4000}?)>?(?:[ \t]+(\"[^\"\n]*\"|'[^'\n]*'|"
                     r"\([^)\n]*\)))?[ \t]*$")
_TAG_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9]{0,15})\b([^<>]{0,2000})>")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*(?:0(?:\.0+)?|[01]px)"
                           r"(?![\d.])|opacity\s*:\s*0(?:\.0\d*)?(?![\d.])|(?:^|[;\s\"'])color\s*:\s*(?:#fff(?:fff)?\b|"
                           r"white\b|transparent\b|rgba?\(\s*255\s*,\s*255\s*,\s*255)|(?:left|top|text-indent)\s*:"
                           r"\s*-\d{3,}|clip\s*:\s*rect\(\s*0|(?:max-)?(?:height|width)\s*:\s*0(?:px)?\s*(?:;|$)",
                           re.IGNORECASE)
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;\"']+)", re.IGNORECASE)
_HIDDEN_ATTR = re.compile(r"(?:^|\s)(?:hidden(?:\s|=|$)|aria-hidden\s*=\s*[\"']?true|type\s*=\s*[\"']?hidden|"
                          r"class\s*=\s*[\"'][^\"']*\b(?:hidden|sr-only|visually-hidden|d-none|invisible)\b)",
                          re.IGNORECASE)
_STYLE_ATTR = re.compile(r"style\s*=\s*(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
_ATTR_VALUE = re.compile(r"\b(?:value|title|alt|aria-label|data-[\w-]+|content)\s*=\s*(\"[^\"]*\"|'[^']*')",
                         re.IGNORECASE)
_B64 = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])")
_ORDER_WORDS = re.compile(rf"\b(?:instructions?|system|prompt|you are|you must|bo qua|chi dan|tiet lo|khong duoc|"
                          rf"ban la|ban phai|{IMPERATIVE_EN}|{IMPERATIVE_VI})\b")


def _inner(text: str) -> list[_Signal]:
    """Phrase signals of a decoded or hidden piece of text that are orders, positions relative to it."""
    return [s for s in _phrase_signals(normalise(text)) if s.score >= .5]


def _hidden(out: list[_Signal], start: int, end: int, content: str, what: str, base: float = .85) -> None:
    """A hidden piece of text: an order in it, or words for a model and an imperative, make it a finding."""
    folded = normalise(content).text
    if not re.search(r"[^\W\d_].*\s.*[^\W\d_]", folded, re.DOTALL):
        return  # not two words: nothing to order
    inner = _inner(content)
    if inner:
        best = max(inner, key=lambda s: s.score)
        out.append(_Signal(start, end, max(base, best.score), f"{what} ({best.detail})"))
        return
    if not _ORDER_WORDS.search(folded):
        return
    for_model = bool(_AI_CONTEXT.search(folded) or _AI_UPPER.search(content)
                     or re.search(r"\b(?:ai|model|assistant|bot|tro ly|mo hinh)\b", folded))
    out.append(_Signal(start, end, base if for_model else .45, what))


def _carrier_signals(text: str, found: list[_Signal]) -> list[_Signal]:
    out: list[_Signal] = []
    if "<!--" in text:
        for m in _COMMENT.finditer(text):
            _hidden(out, m.start(), m.end(), m.group(1), "hidden HTML comment")
    if "<" in text:
        closing = _Closing(text)
        for m in _TAG_OPEN.finditer(text):
            _html_tag(text, m, out, closing)
    if "](" in text or "]:" in text:
        for m in itertools.chain(_MD_INLINE.finditer(text), _MD_REF.finditer(text)):
            for sig in found:  # a phrase inside the link target
                if m.start(1) <= sig.start and sig.end <= m.end(1) and sig.score >= .4:
                    sig.detail, sig.score = f"markdown link target ({sig.detail})", max(sig.score, .85)
            if m.group(2):
                _hidden(out, m.start(2), m.end(2), m.group(2)[1:-1], "markdown link title", .75)
    if _INVISIBLE.search(text):
        for m in _INVISIBLE.finditer(text):
            out.extend(_invisible(text, m))
    for m in _B64.finditer(text):
        decoded = _decode_b64(m.group())
        if decoded and _inner(decoded):
            out.append(_Signal(m.start(), m.end(), .8, "base64-encoded instruction"))
    return out


class _Closing:
    """The closing tags of a text by name, found in one pass on first use: the first one after a position."""

    def __init__(self, text: str) -> None:
        self.text, self.by_name = text, None

    def next(self, name: str, pos: int) -> re.Match | None:
        if self.by_name is None:
            self.by_name = {}
            for m in _CLOSE_TAG.finditer(self.text):
                self.by_name.setdefault(m.group(1).lower(), []).append(m)
        found = self.by_name.get(name.lower(), [])
        i = bisect.bisect_left(found, pos, key=lambda m: m.start())
        return found[i] if i < len(found) and found[i].start() - pos <= 5000 else None


_CLOSE_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9]{0,15})\s*>")


def _html_tag(text: str, m: re.Match, out: list[_Signal], closing: _Closing) -> None:
    """An HTML element hidden by its attributes or style; else its title/alt attributes, shown only on hover."""
    attrs, offset = m.group(2), m.start(2)
    style = " ".join(v[1:-1] for v in _STYLE_ATTR.findall(attrs))
    if _HIDDEN_ATTR.search(attrs) or _hidden_style(style):
        close = closing.next(m.group(1), m.end())
        content = text[m.end():close.start()] if close else ""
        content += " " + " ".join(v.group(1)[1:-1] for v in _ATTR_VALUE.finditer(attrs))
        _hidden(out, m.start(), close.end() if close else m.end(), content, "hidden HTML element")
        return
    for v in _ATTR_VALUE.finditer(attrs):
        if re.match(r"(?i)title|alt|aria-label|data-", v.group()):
            _hidden(out, offset + v.start(1), offset + v.end(1), v.group(1)[1:-1], "hidden HTML attribute", .75)


def _hidden_style(style: str) -> bool:
    if not style or not _HIDDEN_STYLE.search(style):
        return False
    only_colour = not re.search(r"display|visibility|font-size|opacity|left|top|text-indent|clip|height|width",
                                style, re.IGNORECASE)
    bg = _BACKGROUND.search(style)
    if only_colour and bg and not re.search(r"#fff(?:fff)?\b|white|255\s*,\s*255\s*,\s*255", bg.group(1), re.I):
        return False  # white text on a coloured background is visible
    return True


def _invisible(text: str, m: re.Match) -> list[_Signal]:
    s, e, run = m.start(), m.end(), m.group()
    tags = _TAGS.search(run)
    if tags:
        if text[max(0, s - 1):s] == "\U0001f3f4" and tags.group() == run:
            return []  # the tag sequence of a subdivision flag emoji
        hidden_text = "".join(chr(ord(c) - 0xE0000) for c in tags.group() if 0xE0020 <= ord(c) <= 0xE007E)
        return [_Signal(s, e, .95 if hidden_text and _inner(hidden_text) else .9,
                        "invisible characters (tag characters)")]
    if s == 0 and run == "\ufeff":
        return []  # a byte order mark opening the text
    if run == "\u200d" and 0 < s and e < len(text) and not text[s - 1].isalnum() and not text[e].isalnum():
        return []  # a zero-width joiner inside an emoji sequence
    if _BIDI.search(run):
        return [_Signal(s, e, .5, "invisible characters (text direction override)")]
    if len(run) >= 8:
        return [_Signal(s, e, .6, "invisible characters (long run, may encode hidden text)")]
    return [_Signal(s, e, .3, "invisible characters")]  # zero-width spaces pasted from the web, inside numbers


def _decode_b64(blob: str) -> str | None:
    if len(blob.rstrip("=")) % 4 == 1:
        return None
    for altchars in (None, b"-_"):
        try:
            raw = base64.b64decode(blob + "=" * (-len(blob) % 4), altchars=altchars, validate=True)
            decoded = raw.decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        if decoded and sum(c.isprintable() or c.isspace() for c in decoded) / len(decoded) > .95:
            return decoded
    return None
