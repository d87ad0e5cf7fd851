"""Public office and public bodies: what news and official notices name without exposing anyone.

A minister named with his office, the union federation's switchboard, the address of the hall where a
conference takes place are public facts; the same gate must still stop a member's mobile number, home
address or illness. These functions tell the two apart from the words around a finding:

- `public_person`: a person named with a high public office ("Thủ tướng Chính phủ Phạm Minh Chính",
  "ông Mai Tiến Dũng, nguyên Bộ trưởng …"). Such a person is not the subject of a private record.
- `public_contact`: a phone number, e-mail or address that belongs to a public body or a venue (a landline
  after "Văn phòng", a hotline, a role mailbox such as toasoan@…, "tại Hội trường …, số 65 Quán Sứ").
  The policy reports these as warnings, never as blocks.

Patterns read the homograph-aware fold of studio.safety.recognizers (so "Bộ trưởng" is not "bộ trường").
"""

from __future__ import annotations

import re

from studio.safety.folding import kw

# offices that are public whatever body follows them
_HIGH_OFFICE = kw(
    "thủ tướng", "phó thủ tướng", "tổng bí thư", "chủ tịch nước", "phó chủ tịch nước", "chủ tịch quốc hội",
    "phó chủ tịch quốc hội", "bộ trưởng", "thứ trưởng", "vụ trưởng", "phó vụ trưởng", "cục trưởng", "phó cục trưởng",
    "tổng cục trưởng", "ủy viên bộ chính trị", "uỷ viên bộ chính trị", "ủy viên trung ương", "uỷ viên trung ương",
    "bí thư trung ương", "ủy viên ban chấp hành trung ương", "đại biểu quốc hội", "đại biểu", "đại sứ", "thống đốc",
    "phó thống đốc", "chánh án", "viện trưởng", "tổng kiểm toán", "tổng thanh tra", "bí thư tỉnh ủy",
    "bí thư tỉnh uỷ", "bí thư thành ủy", "bí thư thành uỷ", "chủ nhiệm", "phó chủ nhiệm", "tổng thư ký",
    "người phát ngôn", "chủ tịch ubnd", "phó chủ tịch ubnd", "chủ tịch hđnd", "phó chủ tịch hđnd")
# offices that are public when a public body follows them ("Giám đốc Bệnh viện …", "Chủ tịch Tổng Liên đoàn …")
_OFFICE = kw("chủ tịch", "phó chủ tịch", "giám đốc", "phó giám đốc", "tổng giám đốc", "trưởng ban", "phó trưởng ban",
             "bí thư", "phó bí thư", "hiệu trưởng", "chánh văn phòng", "trưởng đoàn", "ủy viên", "uỷ viên")
_BODY = kw("bộ", "sở", "cục", "vụ", "bệnh viện", "ubnd", "hđnd", "ủy ban", "uỷ ban", "tổng liên đoàn", "liên đoàn lao động",
           "ldld", "quốc hội", "chính phủ", "trung ương", "tỉnh ủy", "tỉnh uỷ", "thành ủy", "thành uỷ", "ban tuyên giáo",
           "bảo hiểm xã hội", "bhxh", "học viện", "đại học", "viện", "công đoàn ngành", "công đoàn viên chức",
           "mặt trận", "hội liên hiệp", "đảng ủy", "đảng uỷ", "văn phòng chính phủ", "tòa án", "toà án", "kiểm toán",
           "ngân hàng nhà nước", "thông tấn xã", "đài truyền hình", "báo", "ban chấp hành", "ban thường vụ", "tỉnh",
           "thành phố", "tp", "nước")
_EN_OFFICE = (r"(?i:prime minister|deputy prime minister|president|vice president|minister|deputy minister|"
              r"general secretary|secretary[- ]general|ambassador|governor|mayor|chairman|chairwoman|chairperson|"
              r"chair|director[- ]general|spokesperson|mp|member of parliament|deputy)")
_GAP = r"(?:[ \-]+(?:\([^()\n]{1,20}\)|[^\s,.;:!?()\n]+)){0,10}?"  # the body's name between office and person
_HONORIFIC_IN_GAP = re.compile(r"(?<![a-z])" + kw("anh", "chị", "em", "cô", "chú", "bác", "cho", "gửi", "với", "cùng") +
                               r"(?![a-z])", re.I)
_BEFORE = re.compile(rf"(?<![A-Za-z])(?:nguyen\s+|former\s+)?(?:{_HIGH_OFFICE}|{_OFFICE}[ \-]+{_BODY}|{_EN_OFFICE})"
                     rf"(?P<gap>{_GAP})[ ,:]*(?:{kw('đồng chí', 'ông', 'bà')}[ ]+)?$", re.I)
_AFTER = re.compile(rf"[ ]*[,(][ ]*(?:nguyen\s+|former\s+)?(?:{_HIGH_OFFICE}|{_OFFICE}[ \-]+{_BODY}|{_EN_OFFICE})"
                    r"(?![a-z])", re.I)


def public_person(folded: str, start: int, end: int) -> bool:
    """The person at [start, end) of the folded text is named with a public office, before or after the name."""
    m = _BEFORE.search(folded, max(0, start - 110), start)
    if m and not _HONORIFIC_IN_GAP.search(m.group("gap") or ""):
        return True
    return bool(_AFTER.match(folded, end))


_PUBLIC_CUE = re.compile(r"(?<![a-z])(?:" + kw(
    "đường dây nóng", "hotline", "tổng đài", "tòa soạn", "toà soạn", "ban biên tập", "văn phòng", "cơ quan",
    "trụ sở", "fax", "bộ phận một cửa", "tiếp công dân", "cổng thông tin", "công đoàn", "liên đoàn", "ubnd", "sở",
    "bảo hiểm xã hội", "bhxh", "bệnh viện", "trung tâm", "người dân", "bạn đọc", "switchboard", "head office",
    "press office", "helpline", "confederation", "federation", "ministry", "department", "committee",
    "communications team", "secretariat", "liên hiệp", "ban chấp hành", "ban chính sách", "ban tuyên giáo",
    "ban nữ công", "ban tổ chức", "ban kiểm tra", "ban dân vận") + r")(?![a-z])", re.I)
_PRIVATE_CUE = re.compile(r"(?<![a-z])(?:" + kw(
    "nhà riêng", "di động cá nhân", "cá nhân", "của tôi", "của em", "của chị", "của anh", "vợ", "chồng", "con",
    "trú tại", "thường trú", "tạm trú", "nơi ở", "chỗ ở", "quê quán", "sống tại", "nhà ở", "gia đình", "home",
    "mobile of", "lives at", "resident") + r")(?![a-z])", re.I)
_NAMED = re.compile(r"(?<![A-Za-z])(?:" + kw("anh", "chị", "em", "cô", "chú", "bác", "ông", "bà") + r"|đ/c|d/c)[ ]+[A-Z]")
_HOTLINE = re.compile(r"(?<![a-z])(?:" + kw("đường dây nóng", "hotline", "tổng đài", "tòa soạn", "toà soạn",
                                             "ban biên tập", "fax", "helpline", "switchboard") + r")(?![a-z])", re.I)
_VENUE = re.compile(r"(?<![a-z])(?:" + kw(
    "hội trường", "trụ sở", "cung văn hóa", "cung văn hoá", "nhà văn hóa", "nhà văn hoá", "khách sạn", "trung tâm",
    "sân vận động", "nhà thi đấu", "bệnh viện", "trường", "ubnd", "công ty", "văn phòng", "hội nghị", "tổ chức tại",
    "diễn ra tại", "địa điểm", "nằm tại", "tọa lạc", "toạ lạc", "cơ quan", "công đoàn", "liên đoàn", "nhà máy",
    "khu công nghiệp", "chi nhánh", "quảng trường", "tượng đài", "bảo tàng", "venue", "held at", "headquarters",
    "office") + r")(?![a-z])", re.I)
_ROLE_MAILBOX = re.compile(  # the mailbox of a function, not of a person: it opens with the function's name
    r"(?i)^(?:info|contact|lienhe|hotro|support|admin|office|vanphong|vp|toasoan|bbt|banbientap|"
    r"thongtin|tuyengiao|webmaster|noreply|no-reply|press|media|hr|tuyendung|congdoan|cd|ldld|ctcd|bandan|"
    r"btg|mail|hopthu|tiepdan|phongvan|vanthu|cskh|hoidap|intl|international|comms|communications|ir|"
    r"partnership|events|training|daotao|news|tintuc)(?:[._\-].*|\d*)$|^congdoan|^ldld|^cd[a-z]")
_ACRONYM = re.compile(r"(?i)[bcdfghjklmnpqrstvwxz]{3,8}\d{0,2}")
_GOV_DOMAIN = re.compile(r"(?i)(?:\.gov\.vn|\.gov|chinhphu\.vn|quochoi\.vn|dangcongsan\.vn|congdoanvn\.org\.vn)$")
_LANDLINE = re.compile(r"^(?:\+?84|0)?2\d{8,9}$|^(?:1800|1900)\d{4,6}$")


def public_contact(kind: str, value: str, folded: str, start: int) -> str:
    """Why the phone number, e-mail or address `value` at `start` belongs to a public body ("" if it does not)."""
    window = folded[max(0, start - 160):start]
    near = window[window.rfind("\n\n") + 1:]  # the paragraph before the value
    if _PRIVATE_CUE.search(near, max(0, len(near) - 60)) or _NAMED.search(near, max(0, len(near) - 40)):
        return ""  # "nhà riêng", "gọi anh Tuấn 0983…": a person's number even after "hotline"
    if kind == "EMAIL_ADDRESS":
        local, _, domain = value.partition("@")
        if _ROLE_MAILBOX.search(local) or (_GOV_DOMAIN.search(domain) and not re.search(r"[._]", local)):
            return "role mailbox"
        if _ACRONYM.fullmatch(local) and _PUBLIC_CUE.search(near):
            return "office mailbox"  # bcspl@…: the initials of a department, not of a person's name
        return ""
    if kind == "PHONE_NUMBER":
        digits = re.sub(r"\D", "", value)
        if _HOTLINE.search(near):
            return "hotline"
        if _LANDLINE.match(digits) and _PUBLIC_CUE.search(near):
            return "office line"
        return ""
    if kind == "STREET_ADDRESS" and _VENUE.search(near):
        return "venue"
    return ""


def private_people(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The person spans of `text` not named with a public office."""
    from studio.safety.folding import mfold

    folded = mfold(text) if spans else ""  # one character for one: the spans hold
    return [(s, e) for s, e in spans if not public_person(folded, s, e)]
