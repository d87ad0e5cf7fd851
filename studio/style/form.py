"""The style guide as the admin page edits it: flat table rows for the terms, and readable errors.

`term_rows(guide)` gives one dict per term (forbidden forms joined by "; "), `guide_data(...)` turns the
page's values back into the dict `save_style` validates, and `explain(exc)` words a validation error in
Vietnamese and English with the row of the terms table it concerns.
"""

from __future__ import annotations

import math

from pydantic import ValidationError

from studio.style.model import StyleGuide

TERM_COLUMNS = ("preferred", "forbidden", "kind", "case", "lang", "severity", "note_vi", "note_en")
_FIELD_NAMES = {
    "preferred": ("dạng đúng", "preferred form"), "forbidden": ("dạng sai", "forbidden forms"),
    "kind": ("loại", "kind"), "case": ("hoa/thường", "case"), "lang": ("ngôn ngữ", "language"),
    "severity": ("mức", "severity"), "note": ("ghi chú", "note"), "thousands": ("dấu hàng nghìn", "thousands separator"),
    "decimal": ("dấu thập phân", "decimal separator"), "organisation": ("tên tổ chức", "organisation name"),
}
_ERRORS = {  # pydantic error type → (vi, en)
    "string_too_short": ("không được để trống", "must not be empty"),
    "missing": ("thiếu", "is missing"),
    "literal_error": ("giá trị không hợp lệ", "has a value that is not allowed"),
    "extra_forbidden": ("là khóa không biết", "is an unknown key"),
    "string_type": ("phải là chữ", "must be text"),
    "list_type": ("phải là danh sách", "must be a list"),
    "style_abbreviation_empty": ("chữ viết tắt “{term}” chưa ghi dạng viết tắt nào ở cột dạng sai",
                                 "abbreviation “{term}” lists no abbreviation under forbidden forms"),
    "style_both": ("“{term}” vừa là dạng đúng vừa là dạng sai", "“{term}” is both preferred and forbidden"),
    "style_same_separator": ("dấu hàng nghìn và dấu thập phân đều là “{sep}”",
                             "thousands and decimal separators are both “{sep}”"),
    "style_forbidden_twice": ("“{form}” là dạng sai của cả “{a}” và “{b}”", "“{form}” is forbidden for both “{a}” and “{b}”"),
    "style_numbers_missing": ("thiếu quy tắc số cho {langs}", "no number rules for {langs}"),
}


def term_rows(guide: StyleGuide) -> list[dict]:
    return [{"preferred": t.preferred, "forbidden": "; ".join(t.forbidden), "kind": t.kind, "case": t.case,
             "lang": t.lang, "severity": t.severity, "note_vi": t.note.vi, "note_en": t.note.en} for t in guide.terms]


def terms_from_rows(rows: list[dict]) -> list[dict]:
    """Table rows → term dicts; wholly empty rows (added and left blank) are dropped."""
    out = []
    for row in rows:
        row = {k: ("" if v is None or (isinstance(v, float) and math.isnan(v)) else v)  # empty cells: None / NaN
               for k, v in dict(row).items()}
        if not any(str(row.get(c, "")).strip() for c in ("preferred", "forbidden", "note_vi", "note_en")):
            continue
        term = {"preferred": str(row.get("preferred", "")), "forbidden": str(row.get("forbidden", "")),
                "note": {"vi": str(row.get("note_vi", "")), "en": str(row.get("note_en", ""))}}
        for key in ("kind", "case", "lang", "severity"):
            if row.get(key):
                term[key] = row[key]
        out.append(term)
    return out


def guide_data(base: StyleGuide, *, organisation: dict | None = None, rows: list[dict] | None = None,
               numbers: dict | None = None, audiences: dict | None = None) -> dict:
    """`base` as a dict with the parts the page edited replaced (unedited parts, e.g. honorifics, kept)."""
    data = base.model_dump(mode="json")
    if organisation is not None:
        data["organisation"] = organisation
    if rows is not None:
        data["terms"] = terms_from_rows(rows)
    if numbers is not None:
        data["numbers"] = {lang: {**data["numbers"].get(lang, {}), **values} for lang, values in numbers.items()}
    if audiences is not None:
        data["audiences"] = audiences
    return data


def explain(exc: ValidationError) -> dict[str, str]:
    """{"vi": …, "en": …}: the first three problems, each with where it is (terms: row number, 1-based)."""
    out = {"vi": [], "en": []}
    for err in exc.errors()[:3]:
        loc = list(err["loc"])
        where = {"vi": [], "en": []}
        if len(loc) >= 2 and loc[0] == "terms" and isinstance(loc[1], int):
            where["vi"].append(f"bảng thuật ngữ, dòng {loc[1] + 1}")
            where["en"].append(f"terms table, row {loc[1] + 1}")
            loc = loc[2:]
        for part in loc:
            names = _FIELD_NAMES.get(str(part))
            if names:
                where["vi"].append(names[0])
                where["en"].append(names[1])
            elif not isinstance(part, int):
                where["vi"].append(str(part))
                where["en"].append(str(part))
        known = _ERRORS.get(err["type"])
        raw = err["msg"].removeprefix("Value error, ")
        for i, lang in enumerate(("vi", "en")):
            text = known[i].format(**err.get("ctx", {})) if known else raw
            out[lang].append(f"{', '.join(where[lang])}: {text}" if where[lang] else text)
    return {lang: "; ".join(parts) for lang, parts in out.items()}
