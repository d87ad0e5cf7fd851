"""The house style in words, for an AI model's prompt: terms, forbidden forms, numbers, dates, greetings."""

from __future__ import annotations

from studio.style.model import StyleGuide

_WORDS = {
    "vi": {
        "head": "Văn phong và thuật ngữ của đơn vị (bắt buộc tuân theo):",
        "org": "Tên tổ chức: “{name}”; không tự đặt tên tổ chức khác.",
        "no_org": "Không tự đặt ra tên tổ chức; chỉ dùng tên có trong nguồn.",
        "term": "Viết “{preferred}”, không viết {forms}.",
        "abbr": "Không dùng {forms} khi chưa giải thích; lần đầu viết đầy đủ “{preferred} ({first})”.",
        "case": "Viết đúng hoa/thường và đủ dấu: {names}.",
        "title": "Viết hoa {names} khi theo sau là tên người hoặc tên tổ chức.",
        "party": "Số hiệu văn bản của Đảng viết dạng số-loại/TW, ví dụ “57-NQ/TW”, “69-KL/TW”.",
        "numbers": "Số: {t} ngăn cách hàng nghìn, {d} cho phần thập phân (ví dụ {n}; tỷ lệ {p}).",
        "dates": "Ngày tháng viết như “{date}”.",
        "greeting": "Lời chào mở đầu: “{text}”",
        "signoff": "Lời kết: “{text}”",
        "sep": {".": "dấu chấm", ",": "dấu phẩy", " ": "dấu cách"},
        "or": " hoặc ",
    },
    "en": {
        "head": "House style and terminology (follow strictly):",
        "org": "Organisation name: “{name}”; do not invent another organisation name.",
        "no_org": "Do not invent an organisation name; use only names found in the sources.",
        "term": "Write “{preferred}”, never {forms}.",
        "abbr": "Do not use {forms} unexplained; at first use write “{preferred} ({first})”.",
        "case": "Keep the exact capitals and diacritics of: {names}.",
        "title": "Capitalise {names} before a person's or an organisation's name.",
        "party": "Party document numbers are written number-type/TW, e.g. “57-NQ/TW”, “69-KL/TW”.",
        "numbers": "Numbers: a {t} between thousands, a {d} before decimals (e.g. {n}; percentages {p}).",
        "dates": "Write dates like “{date}”.",
        "greeting": "Opening greeting: “{text}”",
        "signoff": "Sign-off: “{text}”",
        "sep": {".": "point", ",": "comma", " ": "space"},
        "or": " or ",
    },
}


def prompt_block(guide: StyleGuide, lang: str, audience: str = "members") -> str:
    """A few lines of instructions in `lang` for drafts addressed to `audience`."""
    w = _WORDS.get(lang, _WORDS["vi"])
    lines = [w["head"]]
    org = guide.organisation_name(lang)
    lines.append(w["org"].format(name=org) if org else w["no_org"])
    exact, titles = [], []
    for term in guide.terms_for(lang):
        forms = ", ".join(f"“{f}”" for f in term.forbidden)
        if term.kind == "abbreviation":
            lines.append(w["abbr"].format(forms=forms, preferred=term.preferred, first=term.forbidden[0]))
        elif term.forbidden:
            lines.append(w["term"].format(preferred=term.preferred, forms=forms))
        if term.kind == "capitalisation":
            titles.append(f"“{term.preferred}”")
        elif term.case == "exact" and not term.forbidden:
            exact.append(f"“{term.preferred}”")
    if exact:
        lines.append(w["case"].format(names=", ".join(exact)))
    if titles:
        lines.append(w["title"].format(names=w["or"].join(titles)))
    if guide.party_document_numbers:
        lines.append(w["party"])
    rules = guide.numbers.get(lang) or guide.numbers["vi"]
    number = f"12{rules.thousands}300".replace(" ", "\u00a0")
    lines.append(w["numbers"].format(t=w["sep"][rules.thousands], d=w["sep"][rules.decimal], n=number,
                                     p=rules.percent_example or f"87{rules.decimal}5%"))
    if rules.date_example:
        lines.append(w["dates"].format(date=rules.date_example))
    lines += [h.get(lang) for h in guide.honorifics if h.get(lang)]
    greeting, signoff = guide.greeting(lang, audience), guide.signoff(lang, audience)
    if greeting:
        lines.append(w["greeting"].format(text=greeting))
    if signoff:
        lines.append(w["signoff"].format(text=signoff))
    return "\n".join([lines[0]] + [f"- {line}" for line in lines[1:]])
