"""Language-neutral tokens for numbers, dates, periods and document numbers (studio.knowledge.bridge)."""

from __future__ import annotations

import pytest

from studio.knowledge.bridge import canonical_tokens


def _kind(text: str, prefix: str, lang: str | None = None) -> list[str]:
    return [t for t in canonical_tokens(text, lang) if t.startswith(prefix)]


def _dates(text: str, lang: str | None = None) -> list[str]:
    return [t for t in canonical_tokens(text, lang) if t[:2] in ("d:", "m:")]


# --- numbers -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, lang",
    [("10.000 đoàn viên", "vi"), ("10,000 members", "en"), ("10.000 Mitglieder", "de"),
     ("10 000 medlemmer", "no"), ("10\u00a0000 medlemmer", "no"), ("10.000", None), ("10,000", None),
     ("10 000", None)],
)
def test_one_number_spelled_in_vi_en_de_no_gives_the_same_token(text, lang):
    assert _kind(text, "n:", lang) == ["n:10000"]


@pytest.mark.parametrize(
    "text, lang",
    [("92,23%", "vi"), ("92,23 %", "de"), ("92,23 %", "no"), ("92.23%", "en"), ("92,23%", None), ("92.23%", None)],
)
def test_decimal_comma_and_decimal_point_read_the_same(text, lang):
    assert _kind(text, "n:", lang) == ["n:92.23"]


def test_vietnamese_decimal_comma_is_not_a_thousands_mark():
    assert _kind("Tỷ lệ đạt 87,5%", "n:", "vi") == ["n:87.5"]
    assert _kind("Có 8.450 đoàn viên", "n:", "vi") == ["n:8450"]


@pytest.mark.parametrize(
    "text, lang", [("1.234,5", "de"), ("1.234,5", "vi"), ("1,234.5", "en"), ("1 234,5", "no")]
)
def test_thousands_and_decimal_marks_together_follow_the_language(text, lang):
    assert _kind(text, "n:", lang) == ["n:1234.5"]


def test_english_reads_a_single_dot_as_decimals_but_several_dots_as_thousands():
    assert _kind("10.000", "n:", "en") == ["n:10"]  # ten, with three decimals
    assert _kind("1.000.000", "n:", "en") == ["n:1000000"]  # only a million can be meant


@pytest.mark.parametrize(
    "text, lang",
    [("100 triệu", "vi"), ("100 million", "en"), ("100 Millionen", "de"), ("100 millioner", "no"),
     ("100 Mio. Euro", "de")],
)
def test_million_scale_words_multiply_in_every_language(text, lang):
    assert _kind(text, "n:", lang) == ["n:100000000"]


@pytest.mark.parametrize(
    "text, lang",
    [("1,5 tỷ đồng", "vi"), ("1,5 tỷ", None), ("1.5 billion", "en"), ("1,5 Milliarden", "de"),
     ("1,5 milliarder", "no")],
)
def test_billion_with_decimals_gives_the_same_token(text, lang):
    assert _kind(text, "n:", lang) == ["n:1500000000"]


def test_party_membership_in_vietnamese_and_english_meets():
    assert _kind("5,3 triệu đảng viên", "n:", "vi") == _kind("5.3 million party members", "n:", "en") == ["n:5300000"]
    assert _kind("2 nghìn đoàn viên", "n:", "vi") == _kind("2 tausend Mitglieder", "n:", "de") == ["n:2000"]


@pytest.mark.parametrize("word", ["tỷ lệ", "tỷ trọng", "tỷ giá", "tỷ số"])
def test_ty_before_le_trong_gia_so_is_a_rate_not_billion(word):
    assert _kind(f"Trong năm 2024 {word} đoàn viên tăng", "n:", "vi") == ["n:2024"]


@pytest.mark.parametrize("phone", ["0912 345 678", "0912.345.678", "0912345678", "+84 912 345 678", "028 3822 1234"])
def test_phone_numbers_are_not_quantities(phone):
    # "0912 345 678" is a phone number: reading "345 678" as 345678 (or 0912 as 912) would let it
    # match unrelated figures, so a phone number gives no number token at all.
    assert _kind(f"Liên hệ Đ/c Nguyễn Văn A: {phone}", "n:", "vi") == []


def test_space_grouped_quantities_and_leading_zero_counts_still_read():
    assert _kind("1 000 000 kroner", "n:", "no") == ["n:1000000"]
    assert _kind("BIDV har 12 300 partimedlemmer", "n:", "no") == ["n:12300"]
    assert _kind("Cử 05 đồng chí đi học", "n:", "vi") == ["n:5"]  # administrative style "05"


def test_repeated_numbers_are_kept_for_term_frequency():
    assert _kind("8.450 đoàn viên; đúng 8.450 người", "n:", "vi") == ["n:8450", "n:8450"]


# --- dates and periods ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    ["ngày 30/7/2025", "30/07/2025", "30.07.2025", "30-07-2025", "2025-07-30", "July 30, 2025",
     "July 30th, 2025", "30 July 2025", "30th of July 2025", "am 30. Juli 2025", "den 30. juli 2025",
     "ngày 30 tháng 7 năm 2025", "Ngày 30 tháng Bảy năm 2025", "7/30/2025"],
)
def test_every_spelling_of_one_date_gives_one_date_and_one_month_token(text):
    assert _dates(text) == ["d:2025-07-30", "m:2025-07"]


@pytest.mark.parametrize(
    "text",
    ["tháng 12/2024", "tháng 12 năm 2024", "Tháng Mười Hai năm 2024", "December 2024", "Dec. 2024",
     "Dezember 2024", "desember 2024"],
)
def test_month_and_year_give_a_month_token_without_a_day(text):
    assert _dates(text) == ["m:2024-12"]


def test_two_mentions_of_a_month_count_twice():
    assert _dates("30.07.2025 und wieder im Juli 2025") == ["d:2025-07-30", "m:2025-07", "m:2025-07"]


@pytest.mark.parametrize("text", ["35/13/2025", "13/13/2025", "32.12.2024", "31/2/2025", "29/02/2023", "0/7/2025"])
def test_impossible_dates_give_no_date_token(text):
    assert _dates(text) == []


def test_leap_day_is_a_real_date():
    assert _dates("29/02/2024") == ["d:2024-02-29", "m:2024-02"]


@pytest.mark.parametrize("text", ["giai đoạn 2025–2030", "period 2025-2030", "Zeitraum 2025 – 2030", "2025/2030"])
def test_year_ranges_with_any_dash_give_one_range_token(text):
    assert _kind(text, "r:") == ["r:2025-2030"]


def test_backwards_year_pair_is_not_a_range():
    assert _kind("2030–2025", "r:") == []


# --- document numbers ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, token",
    [("Nghị quyết số 57-NQ/TW ngày 22/12/2024", "doc:57-nq/tw"),
     ("Resolution No. 57-NQ/TW", "doc:57-nq/tw"),
     ("nghị quyết 57-nq/tw", "doc:57-nq/tw"),
     ("Quyết định 789/QĐ-TLĐ", "doc:789-qd-tld"),
     ("quyết định 789/qđ-tlđ", "doc:789-qd-tld"),
     ("Nghị định 145/2020/NĐ-CP", "doc:145/2020/nd-cp"),
     ("nghị định 145/2020/nđ-cp", "doc:145/2020/nd-cp")],
)
def test_document_numbers_fold_to_one_token_whatever_the_case(text, token):
    assert _kind(text, "doc:") == [token]


@pytest.mark.parametrize("text", ["a 5-year plan", "COVID-19", "open 24/7", "ngày 22/12/2024"])
def test_ordinary_hyphenated_words_and_dates_are_not_document_numbers(text):
    assert _kind(text, "doc:") == []


# --- whole sentences -----------------------------------------------------------------------

SAME_FACT = {
    "vi": "Ngày 30/7/2025, Công đoàn Ngân hàng Việt Nam có 10.000 đoàn viên, tỷ lệ 92,23%, theo Nghị quyết 57-NQ/TW.",
    "en": "On July 30, 2025, the Vietnam Bank Union had 10,000 members, a rate of 92.23%, under Resolution 57-NQ/TW.",
    "de": "Am 30. Juli 2025 hatte die Gewerkschaft 10.000 Mitglieder, eine Quote von 92,23 %, gemäß Resolution 57-NQ/TW.",
    "no": "30. juli 2025 hadde fagforeningen 10 000 medlemmer, en andel på 92,23 %, etter resolusjon 57-NQ/TW.",
}


@pytest.mark.parametrize("lang", SAME_FACT)
def test_one_fact_in_four_languages_shares_its_canonical_tokens(lang):
    tokens = canonical_tokens(SAME_FACT[lang], lang)
    assert {"d:2025-07-30", "m:2025-07", "n:10000", "n:92.23", "doc:57-nq/tw"} <= set(tokens)
    assert tokens.count("m:2025-07") == 1


@pytest.mark.parametrize("text", ["Tỷ lệ hài lòng cao", "Hội nghị tại Hải Phòng", "đoàn viên trẻ", "tên công đoàn"])
def test_accented_vietnamese_words_are_not_number_words(text):
    # "hài" (pleased), "Hải" (sea), "trẻ" (young), "tên" (name) fold to "hai", "tre", "ten",
    # which are number words in Vietnamese, Norwegian and English; they must not read as 2, 3, 10.
    assert _kind(text, "n:", "vi") == []


def test_plain_words_give_no_tokens():
    assert canonical_tokens("Đ/c Nguyễn Văn A, TP. Hồ Chí Minh, fagforeningen, Gewerkschaftsarbeit") == []


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("ba trụ cột chính và hai nhiệm vụ", "vi", "n:2"),
    ("one of the three main pillars", "en", "n:3"),
    ("einer der drei Hauptpfeiler", "de", "n:3"),
    ("en av de tre hovedpilarene", "no", "n:3"),
    ("zwölf Parteizellen", "de", "n:12"),
])
def test_small_number_words_read_as_numbers_in_every_language(text, lang, value):
    assert value in canonical_tokens(text, lang)


def test_german_march_with_umlaut_is_a_date():
    assert "d:2025-03-22" in canonical_tokens("am 22. März 2025", "de")
    assert "m:2025-03" in canonical_tokens("im März 2025", "de")


# --- units, percent, spelled numbers ----------------------------------------------------------

from studio.knowledge.bridge import answer_type_tokens, unit_tokens  # noqa: E402


@pytest.mark.parametrize("text, units", [
    ("không quá 08 giờ trong 01 ngày", ["u:hour", "u:day"]),
    ("đóng 1% quỹ tiền lương", ["u:pct"]),
    ("tỷ lệ đạt 87,5 %", ["u:pct"]),
    ("6 Monate Mutterschutz", ["u:month"]),
    ("200 overtime hours", []),  # a unit must follow its number
    ("200 hours of overtime", ["u:hour"]),
    ("ngày 22 tháng 12 năm 2024", []),  # a date's day and month are not durations
])
def test_a_unit_after_a_number_gives_the_same_token_in_every_language(text, units):
    assert unit_tokens(text) == units


@pytest.mark.parametrize("query, unit", [
    ("làm thêm tối đa bao nhiêu giờ", "u:hour"), ("lam them toi da bao nhieu gio", "u:hour"),
    ("How many hours of overtime?", "u:hour"), ("Wie viel Prozent zahlt man?", "u:pct"),
    ("nghỉ thai sản mấy tháng", "u:month"), ("what percentage of the salary", "u:pct"),
])
def test_a_question_asks_for_the_unit_it_names(query, unit):
    assert unit in unit_tokens(query, query=True)
    assert "t:num" in answer_type_tokens(query)


def test_a_machine_is_not_a_question_word():
    assert answer_type_tokens("máy móc thiết bị") == []
    assert answer_type_tokens("mấy người") == ["t:num"]


@pytest.mark.parametrize("text, value", [
    ("hai mươi người", "n:20"), ("mười hai tháng", "n:12"), ("ba trăm linh năm", "n:305"),
    ("một trăm hai mươi lăm ngày", "n:125"), ("bốn mươi lăm", "n:45"), ("hai vạn", "n:20000"),
    ("mười triệu đồng", "n:10000000"),
])
def test_vietnamese_numbers_written_in_words_read_as_numbers(text, value):
    assert _kind(text, "n:", "vi") == [value]


@pytest.mark.parametrize("text", ["năm 2025 có ba người", "mười năm công tác"])
def test_ambiguous_number_words_are_not_read(text):
    # "năm" is a year and "ba" a father; after "mười" five is written "lăm", so "mười năm" is ten years
    assert "n:5" not in _kind(text, "n:", "vi") and "n:3" not in _kind(text, "n:", "vi")
    assert "n:15" not in _kind(text, "n:", "vi")
