"""Normalisation with an offset map: `normalise` folds a text to the spelling the rules are written in (NFKC,
lowercase, no diacritics, no format characters, look-alike letters read as Latin, percent-escapes and HTML entities
decoded, leetspeak folded, spaced-out letters joined) and returns a `Normalised` that maps every position of the
folded text back to the characters the user wrote."""

from __future__ import annotations

import bisect
import codecs
import html
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from studio.safety.injection.vocabulary import _vocabulary

# --- normalisation with an offset map -------------------------------------------------------------------------

_LETTER_FOLD = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "ı": "i",
                              "ſ": "s", "’": "'", "‘": "'", "ʼ": "'", "`": "'"})
# Cyrillic and Greek lowercase letters drawn like Latin ones ("іgnore" with a Cyrillic і).
_LOOKALIKE = str.maketrans({"а": "a", "с": "c", "е": "e", "һ": "h", "і": "i", "ј": "j", "о": "o", "р": "p",
                            "ѕ": "s", "у": "y", "х": "x", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g",
                            "α": "a", "ο": "o", "ρ": "p", "ι": "i", "κ": "k", "ν": "v", "υ": "u", "χ": "x",
                            "ε": "e", "τ": "t"})
_BLANK_LETTERS = set("\u115f\u1160\u3164\uffa0")  # Hangul fillers: letters that draw nothing


def _fold_char(ch: str) -> str:
    """What one character becomes in the normalised text ("" for marks and format characters)."""
    if ch in _BLANK_LETTERS or unicodedata.category(ch) in ("Cf", "Mn", "Me"):
        return ""
    out = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", ch).lower())
    out = "".join(c for c in out if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")
    return out.translate(_LETTER_FOLD).translate(_LOOKALIKE)


class _FoldTable(dict):
    """A str.translate table filled on first sight of each character; remembers the characters that do not fold
    to exactly one character (they need their own entries in the offset map)."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        value = _fold_char(chr(code))
        if len(value) != 1:
            self.irregular.add(chr(code))
        self[code] = value
        return value


_TABLE = _FoldTable()
_ESCAPES = r"(?P<pct>(?:%[0-9A-Fa-f]{2})+)|(?P<ent>&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,10});)"
_special_cache: list = [-1, None]


def _special_re() -> re.Pattern:
    """Escapes and runs of irregular characters; rebuilt when a new irregular character has been seen."""
    if _special_cache[0] != len(_TABLE.irregular):
        chars = "".join(re.escape(c) for c in sorted(_TABLE.irregular))
        _special_cache[:] = [len(_TABLE.irregular), re.compile(_ESCAPES + (f"|(?P<irr>[{chars}]+)" if chars else ""))]
    return _special_cache[1]


_LEET = str.maketrans("013457@$", "oieastas")
_LEET_NEXT = re.compile(r"[a-z][013457@$]|[013457@$][a-z]")
_LEET_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$")
_SPACED = re.compile(r"(?<![^\W\d_])[^\W\d_](?:[ .\-_*·][^\W\d_]){2,}(?![^\W\d_])")


@dataclass
class Normalised:
    """The normalised text and the way back: segment k of the map starts at normalised index `ns[k]` and original
    index `os[k]`; it is one-to-one when `oe[k]` is -1, else every character in it comes from original[os:oe]."""
    original: str
    text: str
    ns: list[int] = field(default_factory=lambda: [0])
    os: list[int] = field(default_factory=lambda: [0])
    oe: list[int] = field(default_factory=lambda: [-1])
    gaps: list[int] = field(default_factory=list)  # characters dropped after normalising (joined spaced letters)

    def _before_gaps(self, k: int) -> int:
        return k + bisect.bisect_right(self.gaps, k) if self.gaps else k

    def start(self, k: int) -> int:
        k = self._before_gaps(k)
        i = bisect.bisect_right(self.ns, k) - 1
        return self.os[i] + (k - self.ns[i]) if self.oe[i] < 0 else self.os[i]

    def end(self, k: int) -> int:
        """Original end (exclusive) of the normalised characters before k; marks of a decomposed letter included."""
        last = self._before_gaps(k - 1)
        i = bisect.bisect_right(self.ns, last) - 1
        end = self.os[i] + (last - self.ns[i]) + 1 if self.oe[i] < 0 else self.oe[i]
        while end < len(self.original) and unicodedata.category(self.original[end]) in ("Mn", "Me"):
            end += 1
        return end

    def span(self, s: int, e: int) -> tuple[int, int]:
        return self.start(s), self.end(e)


def normalise(text: str) -> Normalised:
    """The normalised text (see the package docstring) with its offset map."""
    folded = text.translate(_TABLE)
    special = _special_re()
    if len(folded) == len(text) and not special.search(text):
        norm = Normalised(text, folded)
    else:
        norm = _normalise_slow(text, special)
    _fold_leet(norm)
    _join_spaced(norm)
    return norm


def _normalise_slow(text: str, special: re.Pattern) -> Normalised:
    parts: list[str] = []
    ns, os_, oe = [], [], []
    n = pos = 0

    def emit(piece: str, start: int, end: int = -1) -> None:
        nonlocal n
        if piece:
            parts.append(piece)
            ns.append(n)
            os_.append(start)
            oe.append(end)
            n += len(piece)

    for m in special.finditer(text):
        if m.start() > pos:
            emit(text[pos:m.start()].translate(_TABLE), pos)
        if m.lastgroup == "irr":
            for i in range(m.start(), m.end()):
                emit(_TABLE[ord(text[i])], i, i + 1)
        elif m.lastgroup == "pct":
            decoder, first = codecs.getincrementaldecoder("utf-8")("replace"), m.start()
            for i in range(m.start(), m.end(), 3):
                chars = decoder.decode(bytes([int(text[i + 1:i + 3], 16)]), final=i + 3 == m.end())
                if chars:
                    emit(chars.translate(_TABLE), first, i + 3)
                    first = i + 3
        else:
            decoded = html.unescape(m.group())
            if decoded == m.group():
                emit(decoded.translate(_TABLE), m.start())
            else:
                emit(decoded.translate(_TABLE), m.start(), m.end())
        pos = m.end()
    if pos < len(text):
        emit(text[pos:].translate(_TABLE), pos)
    if not ns:
        ns, os_, oe = [0], [len(text)], [len(text)]
    return Normalised(text, "".join(parts), ns, os_, oe)


def _fold_leet(norm: Normalised) -> None:
    """Read digits as letters inside words that mix both; '1' as i or l, whichever gives a known word."""
    if not _LEET_NEXT.search(norm.text):
        return
    chars, done = list(norm.text), -1
    for m in _LEET_NEXT.finditer(norm.text):
        if m.start() < done:
            continue
        s, e = m.start(), m.end()
        while s > 0 and chars[s - 1] in _LEET_CHARS:
            s -= 1
        while e < len(chars) and chars[e] in _LEET_CHARS:
            e += 1
        chars[s:e] = _read_leet(norm.text[s:e])
        done = e
    norm.text = "".join(chars)


def _read_leet(token: str) -> str:
    base = token.translate(_LEET)
    ones = [i for i, c in enumerate(token) if c == "1"]
    if not ones or len(ones) > 4 or base in _vocabulary():
        return base
    for letters in itertools.product("il", repeat=len(ones)):
        word = list(base)
        for i, c in zip(ones, letters):
            word[i] = c
        if "".join(word) in _vocabulary():
            return "".join(word)
    return base


def _join_spaced(norm: Normalised) -> None:
    """"i g n o r e" → "ignore": the separators between single letters are dropped (kept in the map as gaps)."""
    if not _SPACED.search(norm.text):
        return
    drop = [i for m in _SPACED.finditer(norm.text) for i in range(m.start() + 1, m.end(), 2)]
    keep = set(drop)
    norm.text = "".join(c for i, c in enumerate(norm.text) if i not in keep)
    norm.gaps = [p - i for i, p in enumerate(drop)]  # new index k maps to old k + #(gaps <= k)
