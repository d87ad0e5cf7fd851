"""Presidio recognizers for members' personal data in Vietnamese and English text.

Every recognizer matches on a length-preserving fold of the text (diacritics stripped, đ→d, case kept), so
offsets stay those of the original and Vietnamese typed without diacritics is caught by the same rules.
Context words are listed with and without diacritics and looked for in a window before the match, cut at
the previous number (so "cấp ngày" before a second date does not borrow "sinh ngày" from the first).
Scores are final here (results are marked as context-enhanced so Presidio's lemma enhancer leaves them).
"""

from __future__ import annotations

import re
from datetime import date

from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult

from studio.safety.findings import (BANK_ACCOUNT, CREDIT_CARD, DATE_OF_BIRTH, EMAIL_ADDRESS, PASSPORT,
                                    PHONE_NUMBER, STREET_ADDRESS, VEHICLE_PLATE, VN_CCCD, VN_CMND,
                                    VN_SOCIAL_INSURANCE, VN_TAX_CODE)
from studio.safety.folding import _ctx, _cue_re, fold, kw, mfold  # noqa: F401  (fold: re-exported)


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


def build_recognizers(languages: tuple[str, ...] = ("vi", "en"), region: str = "VN") -> list[EntityRecognizer]:
    """One instance of every recognizer per language (Presidio ties a recognizer to one language)."""
    from studio.safety.names import NlpPersonRecognizer, PersonRecognizer

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
