"""The structure of Vietnamese laws, decrees, charters and Party documents, read from their lines.

Legal texts nest Phần › Chương › Mục › Tiểu mục › Điều › khoản › điểm; Party and union documents outline
(A- ›) I. › 1. › a). Everything here is a pure function over lines of plain text, linear in their number, so
the loaders (which cut blocks at headings) and the chunker (which splits and cites) read a document the
same way. A document is read as structured only when it shows it (`detect_style`): a numbered line in a
news article stays a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

LEGAL = "legal"
OUTLINE = "outline"
LEGAL_OUTLINE = "legal+outline"  # a resolution whose articles adopt an outlined programme

# Line hints a loader knows from the markup: an explicit heading (`#`, Word style, <h2>), an emphasised
# line (whole-line bold, centred), the document title, or a guess from line lengths (plain text).
HINT_HEADING, HINT_EMPHASIS, HINT_TITLE, HINT_WEAK = "heading", "emphasis", "title", "weak"
_STRONG = {HINT_HEADING, HINT_EMPHASIS, HINT_TITLE}

_RANK = {"phan": 1, "chuong": 2, "muc": 3, "tieu_muc": 4, "dieu": 5, "khoan": 6, "diem": 7,
         "part": 1, "roman": 2, "arabic": 3, "sub": 4, "letter": 5}
_NAMES = {"phan": "Phần", "chuong": "Chương", "muc": "Mục", "tieu_muc": "Tiểu mục", "dieu": "Điều",
          "khoan": "khoản", "diem": "điểm"}
# Markers whose line is a heading with a name; the others open a numbered passage of text.
TITLED = frozenset({"phan", "chuong", "muc", "tieu_muc", "dieu", "part", "roman"})
# Parts that only group others (never split or packed as one unit).
CONTAINERS = frozenset({"phan", "chuong", "muc", "tieu_muc", "part", "roman"})
# Numbered passages whose neighbours may share a chunk ("khoản 2–3").
ITEMS = frozenset({"khoan", "diem", "sub", "letter"})


@dataclass(frozen=True)
class Marker:
    """One structural line: kind (phan … diem, roman/arabic/letter), its number and the name after it."""

    kind: str
    number: str
    title: str = ""

    @property
    def rank(self) -> int:
        return _RANK[self.kind]

    @property
    def is_legal(self) -> bool:
        """Phần … điểm, as against an outline's I. / 1. / a)."""
        return self.kind in _NAMES

    @property
    def label(self) -> str:
        """Compact citation: "Chương III", "Điều 13", "khoản 2", "điểm a", "II" (outline)."""
        name = _NAMES.get(self.kind)
        return f"{name} {self.number}" if name else self.number

    def heading(self, extra: str = "") -> str:
        """Label and name: "Chương III. QUYỀN VÀ TRÁCH NHIỆM …"; `extra` is the name's continuation lines."""
        title = " ".join(part for part in (self.title, extra) if part)
        return f"{self.label}. {title}" if title else self.label


@dataclass(frozen=True)
class Role:
    """What one line is: it opens a marker, continues the name of the heading above (the marker's, or a
    plain heading's when `marker` is None), is another heading, or is text."""

    kind: str  # "open" | "title" | "heading" | "body"
    marker: Marker | None = None


BODY = Role("body")
_HEADING = Role("heading")
_HEADING_MORE = Role("title")

# --- recognising single lines ----------------------------------------------------------------

_ORDINAL = (r"thứ\s+(?:nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín"
            r"|mười(?:\s+(?:một|hai|ba|bốn|tư|lăm|năm|sáu|bảy|tám|chín))?)")
# Bounded, alternation-free-inside repetitions: nothing here can backtrack more than a few steps.
_HEAD_RE = re.compile(
    rf"(phần|chương|tiểu\s+mục|mục|điều)\s+({_ORDINAL}|[ivxlc]{{1,7}}|\d{{1,3}}[a-zđ]?)(?![\w])", re.IGNORECASE
)
_KHOAN_RE = re.compile(r"(\d{1,3})(?:[.)]|\s?-)\s+(?=\S)")
_SUB_RE = re.compile(r"(\d{1,2})\.(\d{1,2})(?:[.)]?\s+|\s?[-–]\s*)(?=\S)")  # "2.2- Đổi mới …" under "2-"
_DIEM_RE = re.compile(r"([a-zđ])(?:[.)]|\s?-)\s+(?=\S)")  # "a)", and "a." in the union charter
_ROMAN_RE = re.compile(r"([IVXLC]{1,7})(?:[.):]\s+|\s?[-–]\s*)(?=\S)")
_PART_RE = re.compile(r"([A-H])(?:[.)]\s+|\s?[-–]\s*)(?=\S)")  # "A- TÌNH HÌNH VÀ NGUYÊN NHÂN"
_PARTS = "ABCDEFGH"
_BULLET_RE = re.compile(r"[•\-–+*]\s+")
_VALID_ROMAN = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_LETTERS = "abcdđeghiklmnopqrstuvxy"  # the order điểm follow in Vietnamese legal texts
_LEADING_PUNCT = ".:-–—)"
_SENTENCE_END = ".;!?…"


def _plain(line: str) -> str:
    return line.replace("**", "").strip()


def roman_value(numeral: str) -> int | None:
    numeral = numeral.upper()
    if not numeral or not _VALID_ROMAN.fullmatch(numeral):
        return None
    values = [_ROMAN_VALUE[ch] for ch in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


_UNITS = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_ORDINALS = {"nhất": 1, "tư": 4, "mười": 10, **{w: i for i, w in enumerate(_UNITS, start=1) if i > 1},
             **{f"mười {w}": 10 + i for i, w in enumerate(_UNITS, start=1)}, "mười tư": 14, "mười lăm": 15}


def _number(text: str) -> int | None:
    """The integer of "13", "10a", "IV", "thứ hai"; None when it cannot be compared."""
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group())
    if text.startswith("thứ "):
        return _ORDINALS.get(text[4:])
    return roman_value(text)


def heading_marker(line: str, loose: bool = False) -> tuple[Marker, bool] | None:
    """A Phần/Chương/Mục/Tiểu mục/Điều line as (marker, strict), or None.

    Strict forms put nothing or punctuation after the number ("Điều 1.", "Điều 1:", "Chương I",
    "Điều 1.-"); loose forms a capitalised name after a space ("Chương I NHỮNG QUY ĐỊNH CHUNG",
    "Điều 1 Phạm vi …") and are accepted only when `loose` (the document is known to be legal) or, for
    Phần/Chương/Mục, when the name is in capitals. "Điều 54 của Luật này." is never a heading.
    """
    s = _plain(line)
    if not s or s[0] not in "PpCcMmĐđTt":
        return None
    m = _HEAD_RE.match(s)
    if not m:
        return None
    keyword, number, rest = m.group(1).lower(), m.group(2), s[m.end():]
    kind = {"phần": "phan", "chương": "chuong", "mục": "muc", "điều": "dieu"}.get(keyword, "tieu_muc")
    if number[:1].lower() == "t":  # "thứ nhất": only a Phần counts in words
        if kind != "phan":
            return None
        number = " ".join(number.lower().split())
    elif number[0].isdigit():
        number = number.lower()
    elif kind == "dieu" or roman_value(number) is None:  # a Điều is never numbered in Roman
        return None
    else:
        number = number.upper()
    title, strict = _name_after(rest)
    if title is None:
        return None
    if not strict:
        # "Chương IX Phần này." / "Điều 5 Luật Công đoàn quy định …": a wrapped reference, not a heading
        if title[-1:] in _SENTENCE_END or (kind == "dieu" and not loose):
            return None
        if kind != "dieu" and not loose and not is_caps(title):
            return None
    return Marker(kind, number, title), strict


def _name_after(rest: str) -> tuple[str | None, bool]:
    """The name after a heading's number and whether it followed punctuation (or nothing)."""
    if not rest.strip():
        return "", True
    if rest[0] in _LEADING_PUNCT:
        return rest.lstrip(_LEADING_PUNCT + " \t").strip(), True
    if not rest[0].isspace():
        return None, False
    rest = rest.strip()
    if rest[0] in _LEADING_PUNCT:
        return rest.lstrip(_LEADING_PUNCT + " \t").strip(), True
    if rest[0].isupper() or rest[0] in "“\"(":
        return rest, False
    return None, False


def _item(line: str) -> tuple[str, str, str] | None:
    """A numbered line as (kind, number, rest): "1. …" arabic, "a) …" letter, "II. …" roman."""
    s = _plain(line)
    bullet = _BULLET_RE.match(s)
    if bullet and len(s) > bullet.end() and not s[bullet.end()].isspace():
        s = s[bullet.end():]
    if not s:
        return None
    first = s[0]
    if first.isdigit():
        m = _KHOAN_RE.match(s)
        if m:
            return "arabic", m.group(1), s[m.end():]
        m = _SUB_RE.match(s)
        return ("sub", f"{m.group(1)}.{m.group(2)}", s[m.end():]) if m else None
    if first in "IVXLC":
        m = _ROMAN_RE.match(s)
        if m and roman_value(m.group(1)):
            return "roman", m.group(1), s[m.end():]
    if first in _PARTS:
        m = _PART_RE.match(s)
        return ("part", m.group(1), s[m.end():]) if m and is_caps(s[m.end():]) else None
    if first in _LETTERS:
        m = _DIEM_RE.match(s)
        return ("letter", m.group(1), s[m.end():]) if m else None
    return None


def is_caps(text: str) -> bool:
    """At least two letters and all of them capitals ("QUY ĐỊNH CHUNG")."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


# --- deciding per document ---------------------------------------------------------------------

def detect_style(lines: Sequence[str], hints: Sequence[str] | None = None) -> str:
    """LEGAL when the text has Điều headings (two numbers, or one under a Chương/Phần); OUTLINE when
    it has an outline: I. then II. as short lines, or 1. then 2. as lines marked up as headings
    (bold, centred, `#`); LEGAL_OUTLINE when both; else "".

    Only strict heading forms count, so an article quoting one "Điều 5." stays ordinary, and a
    numbered list in a news article (no markup) is no outline.
    """
    articles: set[str] = set()
    chapters = 0
    romans: list[int] = []
    numbered: list[int] = []
    hints = hints or [""] * len(lines)
    for line, hint in zip(lines, hints):
        found = heading_marker(line)
        if found:
            marker, strict = found
            if marker.kind == "dieu" and strict:
                articles.add(marker.number)
            elif marker.kind in ("chuong", "phan"):
                chapters += 1
            continue
        item = _item(line)
        if not item or len(line) > 200 or not _opens_name(item[2]):
            continue
        if item[0] == "roman":
            romans.append(roman_value(item[1]) or 0)
        elif item[0] == "arabic" and hint in (HINT_HEADING, HINT_EMPHASIS) and _title_like(item[2].strip(), 200):
            numbered.append(int(item[1]))
    legal = len(articles) >= 2 or bool(articles and chapters)
    outline = _in_order(romans) or _in_order(numbered)
    return LEGAL_OUTLINE if legal and outline else LEGAL if legal else OUTLINE if outline else ""


def _in_order(numbers: list[int]) -> bool:
    return 1 in numbers and 2 in numbers[numbers.index(1):]


def _opens_name(rest: str) -> bool:
    rest = rest.strip()
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit() or rest[0] in "“\"")


# --- reading a whole document ------------------------------------------------------------------

class _Numbering:
    """The last number seen at each level, to accept only the next one (a reference is not a heading)."""

    def __init__(self) -> None:
        self.last: dict[str, int | None] = {}
        self.in_article = False

    def accepts(self, kind: str, value: int | None, titled: bool) -> bool:
        last = self.last.get(kind)
        if value is None:
            return False
        if last is None or value == 1:
            return True
        return value == last + 1 or (titled and value > last) or (value == last and kind == "dieu")

    def set(self, kind: str, value: int | None) -> None:
        self.last[kind] = value
        # Điều numbers run through the whole law; Mục restart in each Chương, khoản in each Điều.
        for k, rank in _RANK.items():
            if rank > _RANK[kind] and k != "dieu" and (k in _NAMES) == (kind in _NAMES):
                self.last[k] = None
        if kind in _NAMES:
            self.in_article = kind in ("dieu", "khoan", "diem")

    def leave(self) -> None:
        """A heading outside the structure (an appendix, a signature) ends the current article."""
        for k in ("khoan", "diem", "arabic", "sub", "letter"):
            self.last[k] = None
        self.in_article = False

    def leave_outline(self) -> None:
        for k in ("part", "roman", "arabic", "sub", "letter"):
            self.last[k] = None


def read_structure(lines: Sequence[str], hints: Sequence[str] | None = None, style: str | None = None) -> list[Role]:
    """The role of every line: which open a marker, which continue its name, which are headings.

    `hints` (one per line, see HINT_*) say what the markup knew; `style` defaults to `detect_style`.
    Khoản and điểm are read only inside a Điều, 1. and a) of an outline only in order, and a line
    takes the next number of its level (or 1) unless it also has a name, so "Điều 9." ending a wrapped
    sentence is not an article. Ordinary documents (style "") get only body and heading roles.
    """
    style = detect_style(lines, hints) if style is None else style
    hints = hints or [""] * len(lines)
    numbering = _Numbering()
    roles: list[Role] = []
    opener: Marker | None = None
    plain_heading = ""  # the line before was a plain heading: "caps" or "emphasis" (its markup)
    started = False  # a marker has opened: capitals lines now head appendices and signatures
    taken, previous = 0, ""
    for line, hint in zip(lines, hints):
        s = _plain(line)
        if not s:
            roles.append(BODY)
            continue
        if opener is not None and _continues_name(opener, taken, previous, s, hint):
            roles.append(Role("title", opener))
            taken, previous = taken + 1, s
            continue
        if (plain_heading and taken < 5 and _title_like(s.rstrip(",")) and not (heading_marker(s) or _item(s))
                and (is_caps(s) if plain_heading == "caps" else hint == HINT_EMPHASIS)):
            roles.append(_HEADING_MORE)  # "DANH MỤC …" / "TỪ NGÀY 01 THÁNG 7 NĂM 2022": one heading
            taken += 1
            continue
        opener, plain_heading = None, ""
        marker = _open(s, style, numbering) if style else None
        if marker is not None:
            roles.append(Role("open", marker))
            opener = marker if marker.kind in TITLED else None
            taken, previous, started = 0, marker.title, True
        elif _is_heading(s, hint, started):
            numbering.leave()
            roles.append(_HEADING)
            plain_heading = HINT_EMPHASIS if hint == HINT_EMPHASIS else "caps" if is_caps(s) else ""
            taken = 0
        else:
            roles.append(BODY)
    return roles


def _open(s: str, style: str, numbering: _Numbering) -> Marker | None:
    if style in (LEGAL, LEGAL_OUTLINE):
        found = heading_marker(s, loose=True)
        if found:
            marker, strict = found
            value = _number(marker.number)
            # a line that is a Phần/Chương/Mục and nothing else ("Chương VII") is a heading even when
            # numbers were skipped: excerpts of a code keep whole chapters, not every chapter
            bare = strict and not marker.title and marker.kind != "dieu"
            if numbering.accepts(marker.kind, value, bool(marker.title) or bare):
                numbering.set(marker.kind, value)
                numbering.leave_outline()
                return marker
            return None
        if numbering.in_article:
            return _open_point(s, numbering)
        if style == LEGAL:
            return None
    return _open_outline(s, numbering)


def _open_point(s: str, numbering: _Numbering) -> Marker | None:
    """A khoản ("1.") or điểm ("a)") inside a Điều."""
    item = _item(s)
    if item is None or item[0] not in ("arabic", "letter"):
        return None
    kind = "khoan" if item[0] == "arabic" else "diem"
    value = int(item[1]) if kind == "khoan" else _LETTERS.index(item[1]) + 1
    if numbering.last.get(kind) is None and value != 1:
        return None
    if not numbering.accepts(kind, value, False):
        return None
    numbering.set(kind, value)
    return Marker(kind, item[1])


def _open_outline(s: str, numbering: _Numbering) -> Marker | None:
    """An outline's "I." / "1." / "a)" taking the next number of its level."""
    item = _item(s)
    if item is None:
        return None
    kind, number, rest = item
    if kind == "roman" and len(number) == 1 and number in _PARTS and is_caps(rest) and numbering.last.get("part") \
            and _PARTS.index(number) + 1 == numbering.last["part"] + 1:
        kind = "part"  # "C- NHIỆM VỤ …" after "B-": a part, though C is a numeral too
    if kind == "letter" and numbering.last.get("arabic") is None and numbering.last.get("roman") is None:
        return None
    if kind == "sub" and numbering.last.get("arabic") != int(number.partition(".")[0]):
        return None  # "2.2" only under "2"
    value = _outline_value(kind, number)
    if numbering.last.get(kind) is None and value != 1:
        return None
    if not numbering.accepts(kind, value, False) or (kind in ("roman", "part") and not _opens_name(rest)):
        return None
    numbering.set(kind, value)
    named = kind in ("roman", "part") or (kind in ("arabic", "sub") and _title_like(rest.strip(), 300))
    title = rest.strip() if named else ""
    return Marker(kind, number, title)


def _outline_value(kind: str, number: str) -> int | None:
    if kind == "roman":
        return roman_value(number)
    if kind == "part":
        return _PARTS.index(number) + 1
    if kind == "sub":
        return int(number.partition(".")[2])
    return int(number) if kind == "arabic" else _LETTERS.index(number) + 1


def _continues_name(opener: Marker, taken: int, previous: str, s: str, hint: str) -> bool:
    """Is `s` the rest of the opener's name: a capitals title on the next line(s), a wrapped Điều name?"""
    if taken >= 3 or len(s) > 200 or heading_marker(s) or _item(s):
        return False
    if opener.kind == "dieu":
        if not opener.title:
            return taken == 0 and (hint in _STRONG or is_caps(s))
        return taken < 2 and s[0].islower() and previous[-1:] not in _SENTENCE_END + ":"
    if not opener.title and taken == 0:
        return is_caps(s) or hint in _STRONG
    return is_caps(s) and is_caps(previous)


def _is_heading(s: str, hint: str, started: bool) -> bool:
    """A heading outside the structure: marked up as one, or a short emphasised line, or once the
    structure has begun a capitals line ("PHỤ LỤC", "TM. CHÍNH PHỦ") that no marker took as its name.
    Capitals before the first marker (QUỐC HỘI, CỘNG HÒA …, LUẬT) stay the preamble's text."""
    if hint in (HINT_HEADING, HINT_TITLE):
        return True
    # one capitals word after the start is a table's header cell ("STT"), not a heading
    return (hint == HINT_EMPHASIS or (started and is_caps(s) and " " in s)) and _title_like(s)


def looks_like_title(text: str) -> bool:
    """A line that names something rather than says it: short, no sentence end ("Điều 1. Phạm vi
    điều chỉnh", not "Điều 1. Ban hành kèm theo … này.")."""
    return len(text) <= 200 and text.rstrip()[-1:] not in _SENTENCE_END


def _title_like(text: str, limit: int = 150) -> bool:
    """Short, has words, and does not end like a sentence: a rule line "_____" is no heading."""
    return (bool(text) and len(text) <= limit and text[-1] not in _SENTENCE_END + ",:"
            and any(ch.isalpha() for ch in text))


# --- the document's own title -----------------------------------------------------------------

_DOC_TYPE = re.compile(
    r"(BỘ LUẬT|LUẬT|PHÁP LỆNH|NGHỊ ĐỊNH|NGHỊ QUYẾT|THÔNG TƯ LIÊN TỊCH|THÔNG TƯ|QUYẾT ĐỊNH|CHỈ THỊ|KẾT LUẬN|"
    r"KẾ HOẠCH|ĐIỀU LỆ|HƯỚNG DẪN|CHƯƠNG TRÌNH|QUY CHẾ|QUY ĐỊNH)(?![\w])"
)
_DOC_NUMBER = re.compile(r"(?:^|\s)(?:Luật\s+|Bộ luật\s+)?[Ss]ố\s*:?\s*(\d{1,5}[\w./\-]*[A-ZĐ][\w./\-]*)")
_LETTERHEAD = re.compile(r"CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|Độc lập|CÔNG BÁO|ĐẢNG CỘNG SẢN")


def document_title(lines: Sequence[str], limit: int = 60) -> str | None:
    """The title an official document gives itself, e.g. "LUẬT CÔNG ĐOÀN (50/2024/QH15)" or "THÔNG TƯ
    Quy định chi tiết … (28/2021/TT-BLĐTBXH)", read from its first `limit` lines: the document-type line
    in capitals ("BỘ LUẬT" / "LUẬT …"), the capitals lines after it (the name, "LAO ĐỘNG"), or its subject
    line, and the number from "Số: …", all before the first Phần/Chương/Điều. None when there is no
    such line (an article, a report): the loader's own title stays. Letterheads ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CÔNG BÁO/Số …") and
    gazette page numbers are never taken."""
    plain = [_plain(line).strip(" *#_") for line in lines if line.strip()][:limit]
    number = next((m.group(1).rstrip(".,;") for s in plain for m in [_DOC_NUMBER.search(s)] if m
                   and not s.startswith("CÔNG BÁO")), None)
    for k, s in enumerate(plain):
        if heading_marker(s):
            break  # a title comes before the first Phần/Chương/Điều ("Chương I" + "QUY ĐỊNH CHUNG" is not one)
        m = _DOC_TYPE.match(s)
        head = s.split(" số")[0].strip(" .:")  # "LUẬT CÔNG ĐOÀN số: 12/2012/QH13. Luật công đoàn đã…"
        if not m or not is_caps(head) or _LETTERHEAD.search(head) or len(head) > 200:
            continue
        name = [head]
        subject = head == m.group(1)  # a bare "THÔNG TƯ": its subject line(s) follow
        for nxt in plain[k + 1:k + 5]:
            if _LETTERHEAD.search(nxt) or nxt.startswith(("Căn cứ", "Số", "Hà Nội", "---")) or heading_marker(nxt):
                break
            if is_caps(nxt) and len(name) < 4:
                name.append(nxt)
                subject = False
            elif subject and len(" ".join(name)) < 160:
                name.append(nxt.rstrip(","))  # "THÔNG TƯ" + "Quy định chi tiết …" (wrapped)
            else:
                break
        title = " ".join(name)
        if len(title) > 160:
            title = title[:160].rsplit(" ", 1)[0] + "…"
        if number and number not in title:
            title += f" ({number})"
        return title
    return None
