"""Folding text for matching: diacritics stripped one character for one, keywords kept apart by their accents.

`fold` strips Vietnamese (and other Latin) diacritics without changing the length, so offsets in the folded
text are those of the original and text typed without diacritics matches the same rules. `mfold` does the same
but spells the keywords of HOMOGRAPHS by their exact spelling in lines written with diacritics (see below);
`forms`/`kw` build keyword patterns that match both folds.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata

_FOLD: dict[int, str] = {}


def fold(text: str) -> str:
    """Strip Vietnamese (and other Latin) diacritics one character for one: len(fold(t)) == len(t)."""
    if not _FOLD:
        for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
            base = unicodedata.normalize("NFD", chr(cp))[0]
            if base.isascii() and base.isalpha():
                _FOLD[cp] = base
        _FOLD.update({ord("đ"): "d", ord("Đ"): "D"})
    return text.translate(_FOLD)


# Keywords whose diacritic-free fold is shared with other words: phố (street) / Phó (deputy), chợ (market) /
# cho (for), trường (school) / trưởng (head), đường / Dương, phường / Phương, huyện / Huyền, xã / xa, số / Sở,
# bà / ba, cô / có, chú / chủ … In a line written with diacritics, `mfold` spells such a word with a code letter
# no Vietnamese word has: "j" for the keyword itself (phố → phj) and one of z/w/f/q for each other spelling
# (Phó → Phz; bạn and ban differ too),
# so keyword patterns built with `forms` match the keyword only. A line typed without diacritics keeps the
# plain fold (pho), where both readings stay possible, as before.
HOMOGRAPHS = {fold(w): w for w in ("phố đường chợ trường phường huyện quận xã tỉnh đền làng cầu thôn xóm ấp ngõ "
                                   "hẻm ngách tổ bản số chùa quỹ bà cô chú bác anh ông cụ con bố mẹ vợ chồng cháu tên "
                                   "bé em").split()}
_HOMOGRAPH_RE = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(sorted(HOMOGRAPHS, key=len, reverse=True)) +
                           r")(?![A-Za-z0-9])", re.I)
_MARKED = re.compile(r"[^\x00-\x7f]")


def _accented_lines(text: str) -> list[tuple[int, bool]]:
    """(line start, written with diacritics) for each line of `text`."""
    out, pos = [], 0
    for line in text.split("\n"):
        head = line[:400]
        marked = len(_MARKED.findall(head)) if _MARKED.search(head) else 0
        out.append((pos, marked > 0 and marked >= (len(head) - head.count(" ")) // 40))
        pos += len(line) + 1
    return out


@functools.lru_cache(maxsize=8)
def mfold(text: str, accented: bool | None = None) -> str:
    """`fold` with the keywords of HOMOGRAPHS coded by spelling in lines written with diacritics (see above).

    `accented=None` decides line by line; True codes every homograph (for building keyword patterns)."""
    folded = fold(text)
    if not _HOMOGRAPH_RE.search(folded):
        return folded
    lines = None if accented is not None else _accented_lines(text)

    def code(m: re.Match) -> str:
        word, plain = text[m.start():m.end()], m.group()
        if accented is None:
            i = bisect.bisect_right(lines, (m.start(), True)) - 1
            on = lines[i][1] or bool(_MARKED.search(word))
        else:
            on = accented
        if not on:
            return plain
        low = unicodedata.normalize("NFC", word.lower())
        letter = "j" if low == HOMOGRAPHS[plain.lower()] else "zwfq"[sum(map(ord, low)) % 4]
        return plain[:-1] + (letter.upper() if plain[-1].isupper() else letter)

    return _HOMOGRAPH_RE.sub(code, folded)


def forms(*words: str) -> list[str]:
    """The folded spellings a keyword takes: plain (lines without diacritics) and coded (lines with them)."""
    return list(dict.fromkeys(v.lower() for w in words for v in (fold(w), mfold(w, accented=True))))


def kw(*words: str) -> str:
    """A case-insensitive regex alternation of the folded forms of keywords (and phrases) in `words`."""
    alts = sorted({re.escape(f).replace("\\ ", r"\s+") for f in forms(*words)}, key=len, reverse=True)
    return "(?i:" + "|".join(alts) + ")"


def _ctx(*words: str) -> list[str]:
    """Context words with their unaccented forms added."""
    return list(dict.fromkeys(v for w in words for v in (w, fold(w))))


def _cue_re(words: list[str]) -> re.Pattern:
    alts = sorted({re.escape(f) for f in forms(*words)}, key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alts) + r")(?![a-z0-9])", re.I)
