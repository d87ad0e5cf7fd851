"""Personal data in tables: a column's header says what its cells hold.

A member list exported from a spreadsheet ("STT | Họ tên | Ngày sinh | SĐT | CCCD | Lương") puts values
under headers, not after cue words, so the recognizers that look for "ngày sinh" just before a date find
only the first row. `TableRecognizer` reads markdown/pipe tables, tab-separated rows and CSV (the
normaliser turns a CSV row's commas into tabs) and reports every cell of a known column, checked for the
shape its column promises (a name has letters and no digits, a phone number has nine digits or more …).
A row that links a named person to a salary, a diagnosis or a disciplinary measure is a sensitive record.
"""

from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult

from studio.safety.findings import (BANK_ACCOUNT, DATE_OF_BIRTH, EMAIL_ADDRESS, PERSON, PHONE_NUMBER,
                                    SENSITIVE_RECORD, STREET_ADDRESS, VN_CCCD, VN_CMND, VN_SOCIAL_INSURANCE,
                                    VN_TAX_CODE)
from studio.safety.folding import fold

_COLUMNS = {  # folded header (whole cell) → what its cells hold
    PERSON: "ho ten|ho va ten|ten|ten doan vien|ten nguoi lao dong|ho ten doan vien|nguoi lao dong|doan vien|"
            "ho ten nguoi lao dong|full name|name|employee|member|nhan vien|ten nhan vien|nguoi nhan|nguoi de nghi",
    DATE_OF_BIRTH: "ngay sinh|nam sinh|ngay thang nam sinh|ntns|ns|sn|dob|date of birth|birth date|birthday|"
                   "ngay/thang/nam sinh",
    PHONE_NUMBER: "sdt|so dien thoai|dien thoai|dt|dtdd|di dong|phone|mobile|tel|zalo|so dt|sdt/zalo|lien he",
    VN_CCCD: "cccd|so cccd|can cuoc|can cuoc cong dan|so dinh danh|cccd/cmnd|cmnd/cccd|so cccd/cmnd|id|id number|"
             "citizen id|so can cuoc",
    VN_CMND: "cmnd|so cmnd|cmt|chung minh nhan dan",
    EMAIL_ADDRESS: "email|e-mail|thu dien tu|mail|dia chi email",
    STREET_ADDRESS: "dia chi|noi o|cho o|thuong tru|tam tru|que quan|noi o hien nay|dia chi thuong tru|address|"
                    "home address|dia chi lien he",
    BANK_ACCOUNT: "stk|so tai khoan|tai khoan|so tk|tk ngan hang|account|account number|bank account",
    VN_SOCIAL_INSURANCE: "so bhxh|ma bhxh|bhxh|ma so bhxh|so so bhxh|social insurance",
    VN_TAX_CODE: "mst|ma so thue|ma so thue ca nhan|tax code",
    SENSITIVE_RECORD: "luong|muc luong|luong co ban|thu nhap|tien luong|luong thang|chan doan|benh|benh ly|"
                      "tinh trang suc khoe|suc khoe|ky luat|hinh thuc ky luat|vi pham|ly do ky luat|noi dung khieu nai|"
                      "khieu nai|to cao|benh nghe nghiep|ty le thuong tat|salary|income|diagnosis|disciplinary action",
}
_HEADER = {name: kind for kind, names in _COLUMNS.items() for name in names.split("|")}
# pay columns are named in many ways ("Lương T6", "Phụ cấp/tháng", "Thực nhận", "Mức đóng BHXH"): by their first words
_PAY_PREFIX = re.compile(r"(?:luong|tien luong|thuc nhan|thuc linh|phu cap|muc dong|thu nhap|thuong|tien thuong|"
                         r"muc huong|tru bhxh|tong thu nhap|salary|wage|bonus|net pay|gross pay)(?![a-z])")


def _header(cell: str) -> str | None:
    key = " ".join(fold(cell).lower().strip(" :*#").split())
    return _HEADER.get(key) or (SENSITIVE_RECORD if _PAY_PREFIX.match(key) else None)
_SKIP = re.compile(r"[\s\-–—.:*_/]*|[\s|:\-]+")  # empty cells, dashes, a markdown separator row
_SEPARATOR_ROW = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*")
_DIGITS = re.compile(r"\d")
_PUBLIC_HEADER = re.compile(r"(?<![a-z])(?:co quan|don vi|van phong|cong doan|cdcs|to chuc|office|organisation|"
                            r"organization|company|cong ty|doanh nghiep)(?![a-z])")


def _cells(line: str, start: int, sep: str) -> list[tuple[int, int]]:
    """Spans (absolute, stripped) of the cells of a row split by `sep`; a leading/trailing pipe opens/closes it."""
    spans, pos = [], 0
    parts = line.split(sep)
    if sep == "|" and parts and not parts[0].strip():
        pos, parts = len(parts[0]) + 1, parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
    for part in parts:
        lead = len(part) - len(part.lstrip())
        spans.append((start + pos + lead, start + pos + len(part.rstrip())))
        pos += len(part) + 1
    return spans


def _separator(line: str) -> str | None:
    if line.count("|") >= 2:
        return "|"
    if "\t" in line:
        return "\t"
    if line.count(";") >= 2:
        return ";"
    return None


def _plausible(kind: str, value: str) -> bool:
    digits = len(_DIGITS.findall(value))
    if kind == PERSON:
        words = value.split()
        return 2 <= len(words) <= 6 and digits == 0 and all(w[:1].isalpha() for w in words)
    if kind == DATE_OF_BIRTH:
        return 4 <= digits <= 8
    if kind in (PHONE_NUMBER, VN_CCCD, VN_CMND, VN_SOCIAL_INSURANCE, VN_TAX_CODE):
        return 9 <= digits <= 13 and digits * 2 >= len(value.replace(" ", ""))
    if kind == BANK_ACCOUNT:
        return 6 <= digits <= 19
    if kind == EMAIL_ADDRESS:
        return "@" in value
    if kind == STREET_ADDRESS:
        return len(value) >= 6 and any(c.isalpha() for c in value)
    return bool(value.strip())


class TableRecognizer(LocalRecognizer):
    ENTITIES = [PERSON, DATE_OF_BIRTH, PHONE_NUMBER, VN_CCCD, VN_CMND, EMAIL_ADDRESS, STREET_ADDRESS, BANK_ACCOUNT,
                VN_SOCIAL_INSURANCE, VN_TAX_CODE, SENSITIVE_RECORD]
    SCORE = 0.85

    def __init__(self, supported_language: str = "vi"):
        super().__init__(supported_entities=list(self.ENTITIES), name="TableRecognizer",
                         supported_language=supported_language)

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        if "|" not in text and "\t" not in text and ";" not in text:
            return []
        out: list[RecognizerResult] = []
        columns: dict[int, str] | None = None
        sep, public = None, set()
        pos = 0
        for line in text.split("\n"):
            start, pos = pos, pos + len(line) + 1
            line_sep = _separator(line)
            if line_sep is None:
                columns = None
                continue
            if _SEPARATOR_ROW.fullmatch(line):
                continue
            cells = _cells(line, start, line_sep)
            kinds = {i: _header(text[s:e]) for i, (s, e) in enumerate(cells)}
            kinds = {i: k for i, k in kinds.items() if k}
            if len(kinds) >= 2 or (len(kinds) == 1 and len(cells) >= 3):
                columns, sep = kinds, line_sep  # a header row
                public = {i for i in kinds if _PUBLIC_HEADER.search(fold(text[cells[i][0]:cells[i][1]]).lower())}
                continue
            if columns is None or line_sep != sep:
                continue
            out.extend(self._row(text, cells, columns, entities, public))
        return out

    def _row(self, text: str, cells: list[tuple[int, int]], columns: dict[int, str], entities, public=()) -> list:
        found, named, sensitive = [], False, False
        for i, kind in columns.items():
            if i >= len(cells):
                continue
            s, e = cells[i]
            value = text[s:e]
            if _SKIP.fullmatch(value) or not _plausible(kind, value):
                continue
            if kind == SENSITIVE_RECORD:
                sensitive = True
                continue
            named |= kind == PERSON
            if not entities or kind in entities:
                found.append(self._result(kind, s, e, "office column" if i in public else ""))
        if sensitive and named and (not entities or SENSITIVE_RECORD in entities):
            found.append(self._result(SENSITIVE_RECORD, cells[0][0], cells[-1][1]))
        return found

    def _result(self, kind: str, start: int, end: int, public: str = "") -> RecognizerResult:
        meta = {RecognizerResult.RECOGNIZER_NAME_KEY: self.name, RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True, "context_word": "table header",
                "public": public}
        return RecognizerResult(kind, start, end, self.SCORE, recognition_metadata=meta)
