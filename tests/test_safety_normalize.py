"""Evasions undone before recognition, with every finding pointing at the characters the user wrote."""

from __future__ import annotations

import pytest

from studio.safety.engine import build_analyzer, detect_pii, pieces
from studio.safety.normalize import normalize
from studio.safety.folding import mfold


@pytest.fixture(scope="module")
def analyzer():
    return build_analyzer()


def found(analyzer, text: str, kind: str, lang: str = "vi") -> list[str]:
    return [f.text for f in detect_pii(analyzer, text, lang) if f.type == kind]


@pytest.mark.parametrize("text, value", [
    ("SĐT: 0983 . 123 . 421 nhé", "0983 . 123 . 421"),
    ("Gọi ０９８３１２３４２１ giúp em", "０９８３１２３４２１"),
    ("số 098\u200b3123\u200b421 (zalo)", "098\u200b3123\u200b421"),
    ("ĐT 0983 123\n421 (chị Lan)", "0983 123\n421"),
    ("điện thoại: không chín tám ba một hai ba bốn hai một", "không chín tám ba một hai ba bốn hai một"),
    ("Call me: zero nine three four, five six\nseven, eight nine one", "zero nine three four, five six\nseven, eight nine one"),
    ("1,Nguyễn Văn An,0983123421,Tổ 3", "0983123421"),
    ("Điện thoại: 0895 569 197", "0895 569 197"),  # a carrier prefix newer than some phone metadata
])
def test_phone_numbers_are_found_whatever_their_disguise(analyzer, text, value):
    assert found(analyzer, text, "PHONE_NUMBER") == [value]


@pytest.mark.parametrize("text, value", [
    ("gửi về lan.nguyen [at] congdoan [dot] vn nhé", "lan.nguyen [at] congdoan [dot] vn"),
    ("mail chị: maiphuong a còng gmail chấm com", "maiphuong a còng gmail chấm com"),
    ("hoang.pham @ gmail . com", "hoang.pham @ gmail . com"),
    ("kimthoa.ly (at) yahoo (dot) com", "kimthoa.ly (at) yahoo (dot) com"),
])
def test_obfuscated_emails_are_found(analyzer, text, value):
    assert found(analyzer, text, "EMAIL_ADDRESS") == [value]


def test_numbers_that_are_not_identifiers_stay_apart():
    for text in ("Năm 2024, 8,5% đoàn viên tăng 1,2 lần", "giai đoạn 2019 - 2024", "Ngày 12-03-1990",
                 "tổng 1.500.000.000 đồng", "MST 0100109106-001"):
        assert normalize(text).text == text
    assert normalize("STT 3 0983 123 421").text == "STT 3 0983123421"  # the row number is not part of the phone
    # numbers alone on their lines are a column, not one number broken over lines
    assert normalize("0983123421\n0912345678").text == "0983123421\n0912345678"


def test_every_normalised_span_maps_back_to_the_original():
    text = "Chị Ａn: ０９８３ 123\u200b421, lan [at] cd [dot] vn, Nguye\u0302\u0303n Va\u0306n An"
    norm = normalize(text)
    for needle in ("0983123421", "lan@cd.vn", "Nguyễn Văn An", "An"):
        i = norm.text.index(needle)
        start, end = norm.span(i, i + len(needle))
        assert normalize(text[start:end]).text == needle


def test_homographs_are_read_with_their_accents(analyzer):
    """phố/Phó, chợ/cho, trường/trưởng: keyword matching respects diacritics when the text has them."""
    assert found(analyzer, "Sáng 28/7/2025, Phó Chủ tịch Nguyễn Văn An dự hội nghị.", "STREET_ADDRESS") == []
    assert found(analyzer, "Tổ trưởng Hoàng Văn Bình nhận hồ sơ.", "PERSON") == ["Hoàng Văn Bình"]
    assert found(analyzer, "Phó phòng Trần Thị Mai ký.", "PERSON") == ["Trần Thị Mai"]
    assert found(analyzer, "Địa chỉ: số 12 ngõ 34 phố Huế, phường Bạch Đằng", "STREET_ADDRESS")
    assert found(analyzer, "dia chi: so 12 ngo 34 pho Hue, phuong Bach Dang", "STREET_ADDRESS")  # no accents: as before
    assert mfold("Phó phố") != mfold("phố phố") and mfold("pho pho") == "pho pho"


def test_tables_link_a_column_to_its_header(analyzer):
    text = ("STT,Họ và tên,Ngày sinh,SĐT,CCCD,Lương\n"
            "1,NGUYEN VAN AN,12/03/1990,0983123421,001085012345,8.500.000\n"
            "2,Trần Thị Bích,1988,0912 345 678,001188012346,7.200.000")
    kinds = {(f.type, f.text) for f in detect_pii(analyzer, text, "vi")}
    assert {("PERSON", "NGUYEN VAN AN"), ("DATE_OF_BIRTH", "1988"), ("PHONE_NUMBER", "0912 345 678"),
            ("VN_CCCD", "001188012346")} <= kinds
    records = [t for k, t in kinds if k == "SENSITIVE_RECORD"]  # a name beside a salary
    assert sorted(records) == ["1,NGUYEN VAN AN,12/03/1990,0983123421,001085012345,8.500.000",
                               "2,Trần Thị Bích,1988,0912 345 678,001188012346,7.200.000"]


def test_long_texts_are_checked_in_pieces_and_findings_keep_their_offsets(analyzer):
    filler = "Công đoàn cơ sở tổ chức hội nghị người lao động năm 2025.\n" * 20_000  # 1.2 M characters
    text = filler + "Liên hệ chị Lan: 0983 123 421"
    assert len(pieces(text)) > 10
    phones = [f for f in detect_pii(analyzer, text, "vi") if f.type == "PHONE_NUMBER"]
    assert [(f.start, f.text) for f in phones] == [(len(filler) + 17, "0983 123 421")]
