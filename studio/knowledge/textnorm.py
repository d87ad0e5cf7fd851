"""Text normalisation shared by indexing and querying: diacritic folding, word tokens, sentences."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that NFD does not decompose into base + combining mark.
_SPECIAL_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "ß": "ss", "ł": "l"})
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Lowercase and strip diacritics: 'Đoàn' → 'doan', 'fagforeningsmøte' → 'fagforeningsmote'."""
    decomposed = unicodedata.normalize("NFD", word.lower().translate(_SPECIAL_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Fold a whole text; keeps length-independent word boundaries (not character offsets)."""
    return " ".join(fold_word(w) for w in _WORD_RE.findall(nfc(text)))


def words(text: str) -> list[str]:
    """Lowercased NFC word tokens (letters and digits), diacritics kept."""
    return [w.lower() for w in _WORD_RE.findall(nfc(text))]


def has_diacritics(word: str) -> bool:
    return fold_word(word) != word.lower()


# --- sentences -----------------------------------------------------------------------------

# Abbreviations after which a full stop does not end a sentence (compared folded, without the dot).
_ABBREVIATIONS = {
    "tp", "ths", "ts", "pgs", "gs", "bs", "ks", "cn", "vv", "v.v", "tr", "nr", "dr", "mr", "mrs", "ms",
    "st", "no", "vs", "etc", "e.g", "i.e", "z.b", "bzw", "ca", "inkl", "ggf", "usw", "f.eks", "bl.a", "mv",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "okt", "nov", "dec", "dez", "des",
    "q", "p", "tt", "hn", "hcm",
}
# German and Norwegian write dates as "22. Dezember 2024": the day's full stop is no sentence end.
_MONTH_NAMES = {
    "januar", "janner", "februar", "marz", "maerz", "mars", "april", "mai", "juni", "juli", "august",
    "september", "oktober", "november", "dezember", "desember",
}
_LIST_NUMBER = re.compile(r"\d{1,3}|[ivxlc]{1,6}")
_SENT_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'“‘«(\[]?[-–•*]?\s*(\w)", re.UNICODE)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split `text[start:end]` into sentence spans (absolute offsets, whitespace trimmed).

    Ends at . ! ? … (with closing quotes) followed by a capital or digit, and at every line break;
    not after known abbreviations ("TP.", "Nr.", "z.B."), a single initial ("Nguyễn V. A"), the day
    of a German date ("22. Dezember") or inside numbers ("10.000", "87,5").
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    line_start = start
    for line in text[start:end].split("\n"):
        line_end = line_start + len(line)
        _split_line(text, line_start, line_end, spans)
        line_start = line_end + 1
    return spans


# Citation markers written after the full stop ("… năm 2024. [S1][S2] Next") belong to the sentence before.
_TRAILING_MARKERS = re.compile(r"(?:\s*\[S\d+(?:\s*,\s*S\d+)*\])+")


def _split_line(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    seg_start = start
    for m in _SENT_END.finditer(text, start, end):
        markers = _TRAILING_MARKERS.match(text, m.end(), end)
        sentence_end = markers.end() if markers else m.end()
        nxt = _NEXT_START.match(text, sentence_end, end)
        if not nxt:
            continue
        first = nxt.group(1)
        if not (first.isupper() or first.isdigit()):
            continue
        before = text[seg_start:m.start()].split()
        last_word = fold_word(before[-1].strip("(\"'“")) if before else ""
        if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        if len(before) == 1 and _LIST_NUMBER.fullmatch(last_word):
            continue  # "1. Báo cáo kết quả", "II. Nhiệm vụ": a list number, not a sentence
        if last_word.isdigit() and len(last_word) <= 2 and _next_word(text, nxt.start(1), end) in _MONTH_NAMES:
            continue  # "Am 22. Dezember 2024"
        _push(text, seg_start, sentence_end, out)
        seg_start = sentence_end
    _push(text, seg_start, end, out)


def _next_word(text: str, start: int, end: int) -> str:
    m = _WORD_RE.match(text, start, end)
    return fold_word(m.group()) if m else ""


def _push(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))
