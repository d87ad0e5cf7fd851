"""Presidio recognizers for members' personal data in Vietnamese and English text.

Every recognizer matches on a length-preserving fold of the text (diacritics stripped, đ→d, case kept), so
offsets stay those of the original and Vietnamese typed without diacritics is caught by the same rules.
Context words are listed with and without diacritics and looked for in a window before the match, cut at
the previous number (so "cấp ngày" before a second date does not borrow "sinh ngày" from the first).
Scores are final here (results are marked as context-enhanced so Presidio's lemma enhancer leaves them).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date

from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult

from studio.safety.findings import (BANK_ACCOUNT, CREDIT_CARD, DATE_OF_BIRTH, EMAIL_ADDRESS, PASSPORT, PERSON,
                                    PHONE_NUMBER, STREET_ADDRESS, VEHICLE_PLATE, VN_CCCD, VN_CMND,
                                    VN_SOCIAL_INSURANCE, VN_TAX_CODE)

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
    import bisect

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


class VnRegexRecognizer(LocalRecognizer):
    """Regexes over the folded text + context cue before the match; subclasses set `score()`."""

    ENTITY = ""
    PATTERNS: list[tuple[str, float]] = []  # (regex over the folded text, base score)
    CONTEXT: list[str] = []
    WINDOW = 48
    FLAGS = 0
    PREFERRED: set[str] = set()  # folded cues reported before others found in the same window
    REQUIRED = False  # no finding without a context cue
    NUMBER = False  # a number: never one followed by a unit ("8.450 đoàn viên", "500.000 đồng", "87,5%")
    WITH_CUE: float | None = None  # score when a cue is found (None: the pattern's base score)

    def __init__(self, supported_language: str = "vi"):
        self._patterns = [(re.compile(p, self.FLAGS), s) for p, s in self.PATTERNS]
        self._cues = _cue_re(self.CONTEXT) if self.CONTEXT else None
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__,
                         supported_language=supported_language, context=list(self.CONTEXT))

    def load(self) -> None:
        pass

    def window(self, folded: str, start: int) -> str:
        win = folded[max(0, start - self.WINDOW):start]
        cut = max(win.rfind(c) for c in "0123456789\n")
        return win[cut + 1:] if cut >= 0 else win

    def cue(self, folded: str, start: int) -> str | None:
        if not self._cues:
            return None
        found = [c.group(0).lower() for c in self._cues.finditer(self.window(folded, start))]
        best = [c for c in found if c in self.PREFERRED] or found
        return best[-1] if best else None

    def score(self, text: str, folded: str, m: re.Match, base: float, cue: str | None) -> float | None:
        if cue is None:
            return None if self.REQUIRED else base
        return self.WITH_CUE or base

    def spans(self, text: str, folded: str):
        return ((m, base) for rx, base in self._patterns for m in rx.finditer(folded))

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        if entities and self.ENTITY not in entities:
            return []
        folded, out = mfold(text), []
        for m, base in self.spans(text, folded):
            if self.NUMBER and _UNIT_AFTER.match(folded, m.end()):
                continue
            cue = self.cue(folded, m.start())
            score = self.score(text, folded, m, base, cue)
            if score:
                out.append(self.result(m.start(), m.end(), score, cue))
        return out

    def result(self, start: int, end: int, score: float, cue: str | None = None) -> RecognizerResult:
        meta = {RecognizerResult.RECOGNIZER_NAME_KEY: self.name, RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True, "context_word": cue or ""}
        return RecognizerResult(self.ENTITY, start, end, round(score, 3), recognition_metadata=meta)


_NB, _NE = r"(?<![\d.,/\-])", r"(?![\d]|[.,/\-]\d)"  # a whole number, not part of 8.450 or 57-NQ/TW
_UNIT_AFTER = re.compile(r"[ \t]*(?:%|(?:dong|d|vnd|usd|eur|trieu|ty|nghin|ngan|million|billion|nguoi|luot|khach hang|"
                         r"doan vien|dang vien|thanh vien|hoc vien|ho|tai khoan|members|people|views)(?![a-z]))", re.I)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


class VnPhoneRecognizer(VnRegexRecognizer):
    """VN mobiles/landlines in all common spellings (validated by `phonenumbers`), and +/00 international."""

    ENTITY = PHONE_NUMBER
    _B, _E = r"(?<![\w.,/+\-])", r"(?!\w|[.,\-/]\d)"
    PATTERNS = [
        (_B + r"(?:\(\+?84\)|\+84|84|0)[ .\-]?[35789]\d(?:[ .\-]?\d){7}" + _E, 0.7),
        (_B + r"(?:\(\+?84\)|\+84|84|0)[ .\-]?2\d(?:[ .\-]?\d){8}" + _E, 0.7),
        (_B + r"\(0?2\d\)[ .\-]?\d(?:[ .\-]?\d){7}" + _E, 0.7),
        (r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[ .\-]?\(?\d+\)?){2,6}" + _E, 0.7),
    ]
    WITH_CUE, NUMBER = 0.95, True
    CONTEXT = _ctx("điện thoại", "số điện thoại", "sđt", "đt", "đtdđ", "di động", "hotline", "liên hệ", "gọi",
                   "zalo", "fax", "phone", "tel", "mobile", "cell", "contact", "call", "whatsapp")

    def __init__(self, supported_language: str = "vi", region: str = "VN"):
        self.region = region
        super().__init__(supported_language)

    def score(self, text, folded, m, base, cue):
        import phonenumbers

        raw, d = m.group(0), _digits(m.group(0))
        national = d[1:] if d.startswith("0") else (d[2:] if d.startswith("84") else "")
        if len(national) == 9 and _VN_MOBILE.match(national):
            return super().score(text, folded, m, base, cue)  # the carriers' prefixes, newer than some metadata
        try:
            if raw.startswith(("+", "00")) and not raw.startswith(("+84", "0084")):
                num = phonenumbers.parse(raw, self.region)
            else:
                num = phonenumbers.parse("+84" + (d[2:] if d.startswith("84") and len(d) > 10 else d.lstrip("0")))
        except phonenumbers.NumberParseException:
            return None
        return super().score(text, folded, m, base, cue) if phonenumbers.is_valid_number(num) else None


_VN_MOBILE = re.compile(r"3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d")  # mobile prefixes after the 2018 renumbering

_PROVINCES = {int(x) for x in (
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 "
    "042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 "
    "086 087 089 091 092 093 094 095 096").split()}


def cccd_valid(d: str) -> bool:
    """12 digits: province code, century+gender digit (0–3), two year digits not in the future."""
    if len(d) != 12 or int(d[:3]) not in _PROVINCES or d[3] not in "0123":
        return False
    year = (1900 if d[3] in "01" else 2000) + int(d[4:6])
    return year <= date.today().year


_ID12, _ID9 = _NB + r"\d{3}[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}" + _NE, _NB + r"\d{3}[ ]?\d{3}[ ]?\d{3}" + _NE
_CMND_ONLY = _ctx("cmnd", "cmt", "cmtnd", "số cmt", "chứng minh nhân dân", "chứng minh thư", "giấy chứng minh")


class VnCccdRecognizer(VnRegexRecognizer):
    ENTITY = VN_CCCD
    PATTERNS, NUMBER = [(_ID12, 0.6)], True
    CONTEXT = _ctx("cccd", "căn cước", "căn cước công dân", "thẻ căn cước", "số định danh", "định danh cá nhân",
                   "citizen id", "citizen identity", "id card", "identity card", "id number", "national id", "id no")

    def score(self, text, folded, m, base, cue):
        if cccd_valid(_digits(m.group(0))):
            return 0.95 if cue else base
        return 0.75 if cue else None


class VnCmndRecognizer(VnRegexRecognizer):
    ENTITY = VN_CMND
    PATTERNS, NUMBER = [(_ID9, 0.9), (_ID12, 0.97)], True
    CONTEXT = _CMND_ONLY + _ctx("id card", "identity card", "id no", "id number")

    def score(self, text, folded, m, base, cue):
        if not cue:
            return None
        return base if (base < 0.95 or cue in {fold(w).lower() for w in _CMND_ONLY}) else 0.5


class PassportRecognizer(VnRegexRecognizer):
    ENTITY = PASSPORT
    PATTERNS = [(r"(?<![\w\-/])[A-Z]\d{7,8}(?![\w\-/])", 0.9)]
    CONTEXT = _ctx("hộ chiếu", "số hộ chiếu", "passport", "passport no", "passport number")
    REQUIRED = True


def tax_checksum_ok(d: str) -> bool:
    """Check digit of a 10-digit Vietnamese tax code (weights 31,29,23,19,17,13,7,5,3; 10 − sum mod 11)."""
    total = sum(int(x) * w for x, w in zip(d[:9], (31, 29, 23, 19, 17, 13, 7, 5, 3)))
    return (10 - total % 11) == int(d[9])


class VnTaxCodeRecognizer(VnRegexRecognizer):
    ENTITY = VN_TAX_CODE
    PATTERNS, NUMBER = [(_NB + r"\d{10}(?:[ ]?-[ ]?\d{3})?" + _NE, 0.85), (_ID12, 0.9)], True
    CONTEXT = _ctx("mã số thuế", "mst", "mã số doanh nghiệp", "tax code", "tax id", "tin", "tax identification")

    def score(self, text, folded, m, base, cue):
        if not cue:
            return None
        return 0.95 if base < 0.9 and tax_checksum_ok(_digits(m.group(0))) else base


class VnSocialInsuranceRecognizer(VnRegexRecognizer):
    ENTITY = VN_SOCIAL_INSURANCE
    PATTERNS, NUMBER, REQUIRED = [(_NB + r"\d{10}" + _NE, 0.9)], True, True
    CONTEXT = _ctx("bhxh", "mã số bhxh", "sổ bhxh", "bảo hiểm xã hội", "sổ bảo hiểm xã hội", "sổ bảo hiểm",
                   "social insurance", "si number", "si no")


_BANK_STRONG = _ctx("số tài khoản", "stk", "tài khoản", "tk", "account number", "account no", "bank account",
                    "account", "acct", "a/c", "chuyển khoản", "số tk", "ck", "chuyển vào", "ck vào", "ck qua")


class BankAccountRecognizer(VnRegexRecognizer):
    ENTITY = BANK_ACCOUNT
    PATTERNS, NUMBER = [(_NB + r"\d(?:[ \-]?\d){7,18}" + _NE, 0.9)], True
    CONTEXT = _BANK_STRONG + _ctx("ngân hàng", "bank", "vietcombank", "vietinbank", "bidv", "agribank",
                                  "techcombank", "mb bank", "acb", "vpbank", "sacombank", "tpbank", "vcb", "ctg",
                                  "tcb", "mb", "mbbank", "vpb", "stb", "tpb", "hdbank", "hdb", "vib", "shb", "msb",
                                  "ocb", "seabank", "lpbank", "eximbank", "abbank", "namabank", "bvbank", "pvcombank",
                                  "kienlongbank", "baovietbank", "cake", "timo", "momo")
    PREFERRED = {fold(w).lower() for w in _BANK_STRONG}
    _not_acct = re.compile(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d|\d{1,2}-\d{1,2}-(?:19|20)\d\d|\d{1,3}(?: \d{3})+")

    def score(self, text, folded, m, base, cue):
        if not cue:
            return None
        raw, strong = m.group(0), cue in self.PREFERRED
        if self._not_acct.fullmatch(raw) and (not strong or not re.match(r"\d{3} \d{3} \d{3}", raw)):
            return None  # a period, a date, or a quantity grouped by thousands
        if not strong and _PHONE_CUE.search(self.window(folded, m.start())):
            return None
        return base if strong else 0.6


_PHONE_CUE = _cue_re(VnPhoneRecognizer.CONTEXT)


def luhn_ok(d: str) -> bool:
    total = sum(int(c) if i % 2 == 0 else int(c) * 2 - 9 * (int(c) > 4) for i, c in enumerate(reversed(d)))
    return total % 10 == 0


class CreditCardRecognizer(VnRegexRecognizer):
    ENTITY = CREDIT_CARD
    PATTERNS = [(_NB + r"(?:4|5[1-5]|2[2-7]|3[47]|35|6|9704)(?:[ .\-]?\d){9,18}" + _NE, 0.8)]
    CONTEXT = _ctx("thẻ", "số thẻ", "thẻ tín dụng", "thẻ ghi nợ", "thẻ atm", "card", "credit card", "visa",
                   "mastercard", "jcb", "napas", "amex")
    WITH_CUE = 0.95

    def score(self, text, folded, m, base, cue):
        d = _digits(m.group(0))
        ok = 13 <= len(d) <= 19 and len(set(d)) > 1 and luhn_ok(d)
        return super().score(text, folded, m, base, cue) if ok else None


class EmailRecognizer(VnRegexRecognizer):
    ENTITY = EMAIL_ADDRESS
    PATTERNS = [(r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}"
                 r"(?![\w\-])", 0.9)]
    CONTEXT = _ctx("email", "e-mail", "thư điện tử", "mail", "hộp thư")
    WITH_CUE = 1.0


# Street addresses (folded text; keywords any case, names capitalised or numbers).
_NSYL = r"(?:[A-Z]{2,5}(?![a-z])|[A-Z][a-z]*|\d+[A-Za-z]?(?:/\d+)?)"
_NAME = rf"{_NSYL}(?:[ \-]{_NSYL})*"
_SEP = r"\s*[,\-]?\s*"
_HOUSE = rf"(?:(?:{kw('số nhà', 'nhà số', 'số')}|(?i:house no\.?))\s+)?\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*"
_ALLEY = kw("ngõ", "ngách", "hẻm", "kiệt") + r"\s+\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*"
_STREET = kw("đường", "phố") + r"\s+" + _NAME
_ADMIN = (r"(?<![A-Za-z])(?:" + kw("phường", "xã", "thị trấn", "quận", "huyện", "thị xã", "thành phố", "tỉnh",
                                   "tổ dân phố", "khu phố", "kp", "thôn", "xóm", "ấp", "bản") +
          r"|(?i:tp\.?))(?![a-z])\s*" + _NAME)
_TAIL = rf"(?:{_SEP}{_ADMIN}){{0,4}}"
_ST_EN = r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Boulevard|Blvd\.?|Lane|Alley|Way)"
_ADMIN_EN = rf"(?:(?:Ward|District|Dist\.?|Commune|Province)\s+{_NAME}|{_NAME}\s+(?:Ward|District|City|Province))"
_B = r"(?<![\w/.\-])"


class StreetAddressRecognizer(VnRegexRecognizer):
    ENTITY = STREET_ADDRESS
    PATTERNS = [
        (rf"{_B}{_HOUSE}(?:{_SEP}{_ALLEY})*{_SEP}{_STREET}{_TAIL}", 0.8),
        (rf"{_B}{kw('số nhà', 'số')}\s+\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*(?:{_SEP}{_ALLEY})+(?:{_SEP}{_NAME})?{_TAIL}", 0.8),
        (rf"{_B}\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*\s+[A-Z][a-z]*(?: [A-Z][a-z]*)+(?:{_SEP}{_ADMIN}){{1,4}}", 0.75),
        (rf"{_B}{_ALLEY}(?:{_SEP}{_ALLEY})*{_SEP}{_STREET}{_TAIL}", 0.75),
        (rf"{_B}{kw('thôn', 'xóm', 'ấp', 'bản', 'tổ')}\s+{_NAME}(?:{_SEP}{_ADMIN}){{2,4}}", 0.5),
        # hamlet down to province (four levels) is a postal address even without "địa chỉ"
        (rf"{_B}{kw('thôn', 'xóm', 'ấp', 'tổ')}\s+{_NAME}(?:{_SEP}{_ADMIN}){{3,4}}", 0.7),
        (rf"{_B}{kw('phòng', 'căn hộ', 'tòa', 'toà')}\s+[A-Za-z0-9.\-]+(?:{_SEP}{kw('tòa', 'toà', 'khu đô thị', 'chung cư')}\s+{_NAME})*(?:{_SEP}{_ADMIN}){{1,4}}", 0.7),
        (rf"{_B}\d+[A-Za-z]?(?:/\d+)*\s+{_NAME}\s+{_ST_EN}(?:,\s*{_ADMIN_EN}){{0,3}}", 0.8),
    ]
    CONTEXT = _ctx("địa chỉ", "trú tại", "thường trú", "tạm trú", "nơi ở", "chỗ ở", "quê quán", "nhà ở", "sống tại",
                   "address", "lives at", "living at", "resident", "residence", "home")

    def score(self, text, folded, m, base, cue):
        if base < 0.6 and not cue:  # a village and commune alone is a place, not yet someone's home
            return None
        return 0.9 if cue else base - 0.15  # without "địa chỉ", "trú tại" … it may be a venue

    def spans(self, text, folded):  # keep the longest of overlapping pattern matches
        found = sorted(super().spans(text, folded), key=lambda mb: (mb[0].start(), -mb[0].end(), -mb[1]))
        end = -1
        for m, base in found:
            if m.start() >= end:
                end = m.end()
                yield m, base


_D, _M, _Y = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])", r"(?:19|20)\d\d"
_MON = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
        r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")


class DateOfBirthRecognizer(VnRegexRecognizer):
    """A date (or a bare year) only right after a birth cue, never after a date-of-issue cue."""

    ENTITY = DATE_OF_BIRTH
    FLAGS = re.I
    PATTERNS = [
        (rf"(?<![\d/.\-]){_D}\s?[/.\-]\s?{_M}\s?[/.\-]\s?{_Y}(?![\d/])", 0.9),
        (rf"(?<![\d/.\-]){_Y}-{_M}-{_D}(?![\d/])", 0.9),
        (rf"(?<!\d){_D}\s+thang\s+{_M}(?:\s*,?\s*nam\s+|\s*[/,]\s*){_Y}(?!\d)", 0.9),
        (rf"\b{_MON}\s+{_D}(?:st|nd|rd|th)?,?\s+{_Y}(?!\d)", 0.9),
        (rf"(?<!\d){_D}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+{_Y}(?!\d)", 0.9),
        (rf"(?<![\d/.\-]){_Y}(?![\d/]|\s?[-–]\s?\d)", 0.8),
    ]
    CONTEXT = _ctx("ngày sinh", "sinh ngày", "năm sinh", "sinh năm", "ngày tháng năm sinh", "sinh", "born",
                   "born on", "born in", "date of birth", "birth date", "birthdate", "birthday", "dob", "d.o.b",
                   "sn", "ns", "n/s", "s/n", "ntns")
    _issue = _cue_re(_ctx("cấp ngày", "ngày cấp", "cấp", "date of issue", "issued", "hết hạn", "expiry", "hiệu lực"))
    _weak_sinh = re.compile(r"(?<![a-z])(?:hoc|hy|ve|phat|nay|giang|tai|vi)\s*$", re.I)
    _year_cue = re.compile(r"(?:sinh nam|nam sinh|born in|year of birth|(?<![a-z])sn)\s*[:.]?\s*$", re.I)
    _short = {"sn", "ns", "n/s", "s/n", "ntns"}  # abbreviations: only right before the date (NS is also ngân sách)

    def score(self, text, folded, m, base, cue):
        if not cue:
            return None
        win = self.window(folded, m.start())
        last = list(self._cues.finditer(win))[-1]
        if self._issue.search(win, last.end()):
            return None
        if cue.startswith("sinh") and self._weak_sinh.search(win[:last.start()]):
            return None  # "học sinh ngày …", "hy sinh năm …"
        if cue == "sinh" and win[last.end():].strip(" :"):
            return None  # "sinh hoạt", "sinh viên" …: "sinh" not right before the date
        if cue in self._short and (win[last.end():].strip(" :.") or (base < 0.9 and cue != "sn")):
            return None  # "NS 2025" (a budget year), "SN" far from the date
        if base < 0.9 and not self._year_cue.search(win):
            return None
        return base


class VehiclePlateRecognizer(VnRegexRecognizer):
    ENTITY = VEHICLE_PLATE
    _E = r"(?![\w]|[.,\-]\d)"
    PATTERNS = [
        (r"(?<![\w\-/.])[1-9]\d[A-Z][A-Z0-9]?[ \-]?\d{3}\.\d{2}" + _E, 0.65),
        (r"(?<![\w\-/.])[1-9]\d[A-Z][ \-]?\d{4,5}" + _E, 0.55),
        (r"(?<![\w\-/.])[1-9]\d[ \-]?[A-Z][A-Z0-9][ \-]?\d{3}\.?\d{2}" + _E, 0.6),
    ]
    CONTEXT = _ctx("biển số", "biển kiểm soát", "bks", "biển số xe", "xe", "ô tô", "xe máy", "mô tô",
                   "license plate", "licence plate", "plate", "number plate", "vehicle", "car")
    WITH_CUE = 0.9


# PERSON: Vietnamese surname + 1–3 capitalised syllables, titles and role cues, English names after a title.
# ~100 common surnames; left out on purpose, as they mostly start other words in Title Case: Văn, Công, Tăng,
# Ông, Hoa, Đồng, Quang, Ngọc, Hồng, Trà, Ma, Từ, Ứng, Phương (and "Đường" is a street, not "Dương").
SURNAMES = set("""Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh Trương
    Đinh Lâm Phùng Mai Tô Hà Tạ Lưu Cao Quách Lương Thái Châu Chu Triệu Kiều La Lại Lạc Khúc Hứa Kim Nghiêm Đàm
    Thân Tôn Tiêu Giang Mạc Lục Ninh Phí Quan Khổng Âu Diệp Nông Mạch Doãn Khương Lò Lã Bạch Cù Hầu Sầm Vi Hàn Lỗ
    Tống Thạch Mẫn Trình Bế Tất Nhữ Giáp Cấn Kha Lăng Lư Mã Thiều Viên Ân Lều Lữ Đậu Dư Vưu Âu Đàm Thi Khuất Nhâm
    Ôn Quản Đới Mông""".split())
_SUR_FOLD = set(forms(*SURNAMES))
_SURNAMES_UPPER = {x.upper() for x in SURNAMES}
_NOT_IN_CAPS_NAME = set(forms(*"tên viên công tác biên bản ký gửi xe phổ biến năm ngày tháng số lương đơn đề nghị danh "
                               "sách hỗ trợ báo cáo họp hội nghị đăng chính trị đối với cho tại và của các".split()))
_PHRASE = re.compile(r"(?:ha (?:noi|nam|tinh|giang|long|tien|dong)|ho (?:chi minh|guom|tay|so)|doan thanh nien|"
                     r"lam (?:dong|nghiep)|cao (?:bang|dang|su|nguyen)|thai (?:binh|nguyen|lan)|chau (?:a|au|phi|"
                     r"my|uc|doc)|ninh (?:binh|thuan)|han quoc|hoang sa|phan (?:thiet|rang)|bach (?:mai|dang)|"
                     r"kim (?:ngan|ma)|tieu (?:chi|chuan|bieu|dung)|dam phan|quan (?:doi|he|ly|tam)|giang vien|"
                     r"vi pham|la (?:ban|ca)|le (?:hoi|tan)|mai linh|"
                     + kw("quân đội", "quan hệ", "quản lý", "quan tâm", "quân khu", "quân sự", "la bàn", "hoa hồng",
                          "hoa sen", "ông bà", "hồ chí minh", "hồ gươm", "hồ tây") + r")(?![a-z])", re.I)
_RUN = re.compile(r"(?<!\w)[A-Z][a-z]*(?: [A-Z][a-z]*)*(?!\w)")
_CAPS = re.compile(r"(?<!\w)[A-Z]{1,7}(?: [A-Z]{1,7}){1,4}(?!\w)")
_SYL = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:nh|ng|ch|[cmnpt])?")
_EN_STOP = set("vietnam workers rights programme program project national international labour labor "
               "the of and for with to in on at by from is are was be not more you your our we it as do no so "
               "me my he she his her who how all new up out go day may june july union bank committee party trade "
               "group company association council ministry department office".split())
_NON_NAME = set(forms(*"công ngân bộ ban sở chủ phó tổng giám bí trường trưởng thủ hiệu cục ủy uỷ hội đảng nhà việt "
                       "liên trung kỳ tổ đội chi rìa phòng".split()))
_NOT_GIVEN = set(forms(*"chủ bộ ban tổng hội ủy uỷ đảng ngân liên cục sở phòng viện đoàn ngành".split()))
_HONORIFIC = set(forms(*"ông bà anh chị em cô chú bác mr mrs ms miss dr prof".split()))


_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "ts", "ths", "pgs", "gs", "pgs.ts", "bs", "đ/c", "d/c", "st", "mme",
                  "ks", "cn"}


def _before_re(words: list[str]) -> re.Pattern:
    """A cue word (or phrase) ending the text before a name: "chị ", "Họ và tên: ", "Mr. ", a form label on its line."""
    full = sorted({re.escape(f) for f in forms(*[w for w in words if w not in _ABBREVIATIONS])}, key=len, reverse=True)
    short = sorted({re.escape(f) for f in forms(*[w for w in words if w in _ABBREVIATIONS])}, key=len, reverse=True)
    alts = [rf"(?:{'|'.join(full)})[ \u00a0]*:?"] if full else []
    alts += [rf"(?:{'|'.join(short)})[ \u00a0]*[.:,]?"] if short else []
    return re.compile(r"(?:^|[^a-z])(?:" + "|".join(alts) + r")[ \u00a0]*(?:\n[ ]*)?$", re.I)


_TITLE = _before_re(["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mme", "mx"])
_VI_CUE = _before_re(["đồng chí", "đ/c", "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "họ tên", "họ và tên",
                      "tên", "đoàn viên", "đảng viên", "cán bộ", "công nhân", "người lao động", "nhân viên",
                      "thành viên", "hội viên", "giáo viên", "nạn nhân", "bệnh nhân", "thạc sĩ", "tiến sĩ", "ths",
                      "ts", "pgs", "gs", "pgs.ts", "bác sĩ", "bs", "kỹ sư", "luật sư", "nhà báo", "phóng viên",
                      "tác giả",
                      # roles in an office, a factory, a union (any of them may precede a private person's name)
                      "tổ trưởng", "tổ phó", "trưởng phòng", "phó phòng", "trưởng ban", "phó ban", "giám đốc",
                      "phó giám đốc", "tổng giám đốc", "chủ tịch", "phó chủ tịch", "bí thư", "phó bí thư", "kế toán",
                      "thủ quỹ", "thư ký", "trưởng ca", "ca trưởng", "quản đốc", "phó quản đốc", "ủy viên", "uỷ viên",
                      "chủ nhiệm", "hiệu trưởng", "trưởng khoa", "điều dưỡng", "giảng viên", "sinh viên", "học sinh",
                      "chủ tọa", "chủ toạ", "người ghi biên bản", "người lập biểu", "người nhận", "người gửi",
                      "người nộp", "người làm đơn", "người đề nghị", "người liên hệ", "đại diện", "kính gửi",
                      "tôi là", "tôi tên là", "tên tôi là", "liên hệ", "gặp", "nhờ", "cảm ơn",
                      # kinship
                      "vợ", "chồng", "con", "con trai", "con gái", "bố", "mẹ", "cha", "anh trai", "chị gái",
                      "em trai", "em gái", "cháu", "cụ", "bạn", "đồng nghiệp", "mẹ chồng", "bố chồng", "mẹ vợ",
                      "bố vợ", "cô giáo", "thầy", "thầy giáo", "bé", "cháu bé", "bạn ấy", "chủ tk", "chủ tài khoản",
                      "tên tk", "người thụ hưởng", "account holder", "account name"])
_KIN_CUE = _before_re(["đồng chí", "đ/c", "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "vợ", "chồng", "con",
                       "con trai", "con gái", "bố", "mẹ", "cha", "anh trai", "chị gái", "em trai", "em gái", "cháu",
                       "cụ", "bé", "thầy", "cô giáo", "tên", "họ tên", "họ và tên", "tôi là", "tên tôi là",
                       "mr", "mrs", "ms"])
_EN_CUE = _before_re(["employee", "member", "worker", "staff", "colleague", "named", "officer", "author",
                      "authors", "autor", "forfatter", "patient", "applicant", "name", "full name", "by", "cadre",
                      "victim", "manager"])
_NOT_PERSON_BEFORE = re.compile(r"(?:^|[^a-z])(?:" + kw(
    "đường", "phố", "ngõ", "quận", "huyện", "phường", "xã", "tỉnh", "thành phố", "trường", "công ty", "bệnh viện",
    "đại học", "cầu", "chợ", "nhà văn hóa", "nhà văn hoá", "tập đoàn", "ngân hàng", "làng", "đền", "chùa",
    "giải thưởng", "quỹ", "công viên", "khu đô thị", "chung cư", "tòa nhà", "toà nhà", "trung tâm", "học viện",
    "cung văn hóa", "cung văn hoá", "nhà thi đấu", "sân vận động", "hội trường", "tượng đài", "lăng", "quảng trường",
    "khu công nghiệp", "kcn", "ga", "bến xe", "sân bay") +
    r"|tp\.?|street|st\.|district|ward|\d+[a-z]?(?:/\d+[a-z]?)*)(?:\s+[A-Z]{2,6})?\s*$", re.I)
_NOT_PERSON_AFTER = re.compile(r"\s*(?:Street|St\b|Road|Ward|District|City|Province|Bridge|School|University|"
                               r"Hospital|Company|Bank|Group|Corporation|JSC|Co\b)")


class PersonRecognizer(VnRegexRecognizer):
    """Vietnamese and English person names without NER (surname list, titles, honorifics and role cues)."""

    ENTITY = PERSON
    CONTEXT = _ctx("đồng chí", "đ/c", "ông", "bà", "anh", "chị", "em", "đoàn viên", "đảng viên", "cán bộ",
                   "công nhân", "người lao động", "họ tên", "họ và tên", "Mr", "Mrs", "Ms", "Dr", "employee", "member")

    def analyze(self, text, entities, nlp_artifacts=None):
        if entities and PERSON not in entities:
            return []
        folded, out = mfold(text), []
        for run in _RUN.finditer(folded):
            out.extend(self._run(text, folded, run))
        for m in _SPEAKER.finditer(folded):  # "[10:42] Chị Hạnh: …", "[09:02] Hùng Tổ 4: …" (a pasted chat)
            who = text[m.start("who"):m.end("who")]
            words = [w for w in re.finditer(r"\S+", who)]
            while words and fold(words[0].group()).lower() in _SPEAKER_ROLE:
                words = words[1:]  # "Thủ quỹ Nga": the role before the name
            if words and fold(words[0].group()).lower() in _HONORIFIC and len(words) > 1:
                words = words[1:]  # "Chị Hạnh"
            keep = []
            for k, w in enumerate(words):
                pair = " ".join(x.group() for x in words[k:k + 2]).lower()
                if (not w.group()[:1].isupper() or w.group().lower() in _SPEAKER_STOP or pair in _SPEAKER_STOP
                        or not w.group().strip("(),").isalpha()):
                    break
                keep.append(w)
            if keep:
                s0, e0 = m.start("who") + keep[0].start(), m.start("who") + keep[-1].end()
                out.append(self.result(s0, e0, 0.7, "chat"))
        for run in _CAPS.finditer(folded):  # "Họ và tên: NGUYỄN VĂN AN", a signature, a row of a member list
            first = text[run.start():run.start() + len(run.group(0).split(" ")[0])]
            rest = run.group(0).lower().split(" ")[1:]
            if (run.group(0).split(" ")[0].lower() not in _SUR_FOLD or _PHRASE.match(folded, run.start())
                    or (not first.isascii() and first not in _SURNAMES_UPPER) or any(w in _NOT_IN_CAPS_NAME for w in rest)):
                continue  # "KHÔNG PHỔ BIẾN" is not Khổng; "HO TEN", "DANG VIEN" are headers
            if _cued(folded, run.start()):
                out.append(self.result(run.start(), run.end(), 0.85, "cue"))
            elif _in_cell(folded, run.start(), run.end()):
                out.append(self.result(run.start(), run.end(), 0.7, "list"))
            elif 3 <= len(rest) + 1 <= 4 and all(_SYL.fullmatch(fold(w)) for w in rest):
                out.append(self.result(run.start(), run.end(), 0.6, None))  # "chủ TK NGUYEN THI HOA"
        return out

    def _run(self, text, folded, run):
        syl = [(m.start() + run.start(), m.end() + run.start()) for m in re.finditer(r"\S+", run.group(0))]
        before = folded[max(0, run.start() - 30):run.start()]
        if len(syl) >= 2 and folded[syl[0][0]:syl[0][1]].lower() in _HONORIFIC:  # "Anh Tuấn", "Ông Nguyễn …"
            before, syl = before + folded[syl[0][0]:syl[1][0]], syl[1:]
        while (len(syl) >= 3 and folded[syl[0][0]:syl[0][1]].lower() not in _SUR_FOLD
               and _SENTENCE_START.search(folded, max(0, syl[0][0] - 4), syl[0][0])):
            before, syl = before + folded[syl[0][0]:syl[1][0]], syl[1:]  # "Tôi Lý Thị Kim Thoa": "Tôi" opens a sentence
        if _TITLE.search(before):
            return [self.result(syl[0][0], syl[min(5, len(syl)) - 1][1], 0.85, "title")]
        cued = bool(_VI_CUE.search(before) or _EN_CUE.search(before))
        cell = _in_cell(folded, run.start(), run.end())
        marked = any(text[a:b] in ("Thị", "Văn", "Nữ") for a, b in syl[1:3])  # "Nguyễn Thị Ngọc Minh Châu"
        if len(syl) > (5 if cell or marked else 4) and not cued:
            return []  # a Title Case Heading, not a name
        i, out = 0, []
        while i < len(syl):
            s, e = syl[i]
            j = i + 1
            thi = i + 2 < len(syl) and text[syl[i + 1][0]:syl[i + 1][1]] == "Thị" and not text[s:e].isascii()
            if (((folded[s:e].lower() in _SUR_FOLD and (text[s:e] in SURNAMES or text[s:e].isascii())) or thi)
                    and not _PHRASE.match(folded, s) and not _NOT_PERSON_BEFORE.search(folded[max(0, s - 30):s])):
                while j < len(syl) and j - i <= 4 and self._given(text, folded, *syl[j]):
                    j += 1
            n, end = j - i - 1, syl[j - 1][1]
            if n == 0:
                i += 1
                continue
            cue, ascii_only = _cued(folded, s), text[s:end].isascii()
            if _NOT_PERSON_AFTER.match(folded, end) or (ascii_only and n == 1 and not cue):
                i += 1  # not a surname, or "Can Tho", "On May": too weak without diacritics
                continue
            score = 0.85 if cue else (0.6 if n >= 2 else 0.4 - (0.1 if ascii_only else 0))
            out.append(self.result(s, end, score, "cue" if cue else None))
            i = j
        first, (s, e) = folded[syl[0][0]:syl[0][1]].lower(), (syl[0][0], syl[-1][1])
        if out or len(syl) > 3 or first in _NON_NAME or _PHRASE.match(folded, s) or _NOT_PERSON_AFTER.match(folded, e):
            return out
        kin = _KIN_CUE.search(before)
        if kin and _PLACE_AFTER_CUE.search(folded, max(0, s - 14), e):
            return []  # "Bắc Ninh", "Đông Anh, Sóc Sơn", "Bà Huyện Thanh Quan": places
        if kin and not _capitalised_mid_sentence(text, run.start() - len(before) + kin.start() + 1, before[kin.start():]):
            return [self.result(s, e, 0.65, "cue")]  # "chị Lan", "anh Tuấn", "em trai Hưng" (not "… Mai Anh Ngày")
        if _VI_CUE.search(before):  # "Trưởng ban Dân vận": after a role, a lone capitalised word is rarely a name
            return [self.result(s, e, 0.55, "cue")]
        if len(syl) >= 2 and _EN_CUE.search(before) and not any(folded[a:b].lower() in _EN_STOP for a, b in syl):
            return [self.result(s, e, 0.6, "cue")]  # "employee Jane Doe"
        return []

    @staticmethod
    def _given(text, folded, s, e) -> bool:
        word = folded[s:e].lower()
        if word in _NOT_GIVEN:
            return False
        plain = fold(text[s:e]).lower()
        return not text[s:e].isascii() or (plain not in _EN_STOP and bool(_SYL.fullmatch(plain)))


_CELL_BEFORE = re.compile(r"(?:^|\n|\||\t|;|^\s*\d{1,4}[.)]|\n\s*\d{1,4}[.)]|\n\s*[-*•+])\s*$")
_CELL_AFTER = re.compile(r"\s*(?:$|\n|\||\t|;|,|\(|[-–—:]\s)")


_PLACE_AFTER_CUE = re.compile(r"(?<![a-z])" + kw(
    "bắc ninh", "bắc giang", "bắc kạn", "bắc cạn", "bạc liêu", "bà rịa", "bà huyện thanh quan", "bà triệu", "ba đình",
    "ba vì", "đông anh", "cô tô", "ông ích khiêm", "bà chiểu", "bà điểm", "con cuông", "cô giang", "cô bắc",
    "chú ía", "em bé") + r"(?![a-z])", re.I)


def _capitalised_mid_sentence(text: str, pos: int, cue: str) -> bool:
    """The cue word at `pos` is written with a capital inside a sentence: the end of a name ("Mai Anh"), not "anh"."""
    i = pos
    while i < len(text) and not text[i].isalpha():
        i += 1
    if i >= len(text) or not text[i].isupper():
        return False
    j = i - 1
    while j >= 0 and text[j] in " \t\u00a0":
        j -= 1
    return j >= 0 and text[j] not in ".!?:;\n([\"'“-–—•*|"

_SPEAKER = re.compile(r"(?m)^[ \t]*\[\d{1,2}:\d{2}(?::\d{2})?(?:[ ]?[APap][Mm])?\][ \t]*(?P<who>[^\n:\[\]]{1,40}?)"
                      r"[ \t]*:")
_SPEAKER_STOP = {"tổ", "ban", "phòng", "xưởng", "cđ", "cđcs", "hr", "team", "admin", "ca", "chuyền", "đội", "nhóm",
                 "kho", "nhân sự", "y tế", "kế toán", "bảo vệ", "công đoàn", "văn phòng", "tuyên giáo", "nữ công",
                 "lái xe", "to", "phong", "ke toan", "y te", "nhan su", "(bwv)"}  # the team after a speaker's name
_SPEAKER_ROLE = set(forms(*"thủ quỹ trưởng phó tổ kế chủ tịch giám đốc thư ký admin".split()))
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\]\)]\s*|\t)$")


def _in_cell(folded: str, start: int, end: int) -> bool:
    """The span fills a cell: a line, a list item, a table or CSV field (what a member list is made of)."""
    return bool(_CELL_BEFORE.search(folded, max(0, start - 12), start) and _CELL_AFTER.match(folded, end))


def _cued(folded: str, start: int) -> bool:
    before = folded[max(0, start - 30):start]
    return bool(_VI_CUE.search(before) or _EN_CUE.search(before))


class NlpPersonRecognizer(VnRegexRecognizer):
    """PERSON spans from the NLP engine's NER (nothing with the blank pipelines; a site's real model fills it)."""

    ENTITY = PERSON

    def analyze(self, text, entities, nlp_artifacts=None):
        if nlp_artifacts is None or not nlp_artifacts.entities or (entities and PERSON not in entities):
            return []
        return [self.result(ent.start_char, ent.end_char, score, "ner")
                for ent, score in zip(nlp_artifacts.entities, nlp_artifacts.scores or [])
                if ent.label_ in (PERSON, "PER")]


def build_recognizers(languages: tuple[str, ...] = ("vi", "en"), region: str = "VN") -> list[EntityRecognizer]:
    """One instance of every recognizer per language (Presidio ties a recognizer to one language)."""
    classes = (VnCccdRecognizer, VnCmndRecognizer, PassportRecognizer, VnTaxCodeRecognizer,
               VnSocialInsuranceRecognizer, BankAccountRecognizer, CreditCardRecognizer, EmailRecognizer,
               StreetAddressRecognizer, DateOfBirthRecognizer, VehiclePlateRecognizer, PersonRecognizer,
               NlpPersonRecognizer)
    from studio.safety.tables import TableRecognizer

    out: list[EntityRecognizer] = []
    for lang in languages:
        out.append(VnPhoneRecognizer(lang, region=region))
        out.extend(cls(lang) for cls in classes)
        out.append(TableRecognizer(lang))
    return out
