"""Diacritic folding, word tokens and sentence spans (studio.knowledge.textnorm)."""

from __future__ import annotations

import unicodedata

import pytest

from studio.knowledge.textnorm import fold, fold_word, has_diacritics, sentence_spans, words

# Every Vietnamese vowel with no tone, huyền, sắc, hỏi, ngã, nặng — typed as precomposed letters.
VIETNAMESE_VOWELS = {
    "a": "aàáảãạ", "ă": "ăằắẳẵặ", "â": "âầấẩẫậ", "e": "eèéẻẽẹ", "ê": "êềếểễệ", "i": "iìíỉĩị",
    "o": "oòóỏõọ", "ô": "ôồốổỗộ", "ơ": "ơờớởỡợ", "u": "uùúủũụ", "ư": "ưừứửữự", "y": "yỳýỷỹỵ",
}
BASE = {"ă": "a", "â": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u"}


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


# --- folding -------------------------------------------------------------------------------

def test_vowel_table_is_72_distinct_precomposed_letters():
    letters = "".join(VIETNAMESE_VOWELS.values())
    assert len(letters) == len(set(letters)) == 72
    assert unicodedata.normalize("NFC", letters) == letters


@pytest.mark.parametrize("vowel, forms", VIETNAMESE_VOWELS.items())
def test_every_vietnamese_vowel_with_every_tone_folds_to_its_ascii_base(vowel, forms):
    expected = BASE.get(vowel, vowel)
    for letter in forms:
        assert fold_word(letter) == expected, letter
        assert fold_word(letter.upper()) == expected, letter.upper()


@pytest.mark.parametrize("letter", ["đ", "Đ"])
def test_d_with_stroke_folds_to_d_in_both_cases(letter):
    assert fold_word(letter) == "d"


def test_vietnamese_query_without_diacritics_folds_to_same_word():
    assert fold("Công đoàn Ngân hàng Việt Nam") == "cong doan ngan hang viet nam"
    assert fold("cong doan ngan hang viet nam") == fold("CÔNG ĐOÀN NGÂN HÀNG VIỆT NAM")
    assert fold_word("Đảng") == fold_word("dang") == "dang"


def test_decomposed_input_folds_like_precomposed_input():
    decomposed = unicodedata.normalize("NFD", "Nghị quyết Việt Nam")
    assert decomposed != "Nghị quyết Việt Nam"
    assert fold(decomposed) == "nghi quyet viet nam"


@pytest.mark.parametrize(
    "word, expected",
    [("fagforeningen", "fagforeningen"), ("Særavtale", "saeravtale"), ("årsmøte", "arsmote"),
     ("ØKONOMI", "okonomi"), ("Æresmedlem", "aeresmedlem"), ("Ålesund", "alesund")],
)
def test_norwegian_letters_fold_to_ascii(word, expected):
    assert fold_word(word) == expected


@pytest.mark.parametrize(
    "word, expected",
    [("Gewerkschaftsarbeit", "gewerkschaftsarbeit"), ("Straße", "strasse"), ("Größe", "grosse"),
     ("Ärzte", "arzte"), ("Übersicht", "ubersicht"), ("Öffentlichkeit", "offentlichkeit")],
)
def test_german_sharp_s_and_umlauts_fold_to_ascii(word, expected):
    assert fold_word(word) == expected


def test_fold_drops_punctuation_and_keeps_one_token_per_word():
    assert fold("Đ/c Nguyễn Văn A, TP. Hồ Chí Minh!") == "d c nguyen van a tp ho chi minh"


def test_has_diacritics_tells_accented_words_from_plain_ones():
    assert has_diacritics("Việt") and has_diacritics("møte") and has_diacritics("Straße")
    assert not has_diacritics("Viet") and not has_diacritics("Union")


def test_words_are_lowercase_nfc_and_keep_diacritics():
    text = unicodedata.normalize("NFD", "Đ/c Nguyễn Văn A, TP. Hồ Chí Minh!")
    assert words(text) == ["đ", "c", "nguyễn", "văn", "a", "tp", "hồ", "chí", "minh"]
    assert all(unicodedata.is_normalized("NFC", w) for w in words(text))


def test_words_keep_digits_and_letters_of_every_language():
    assert words("8.450 đoàn viên; fagforeningen; Gewerkschaftsarbeit") == [
        "8", "450", "đoàn", "viên", "fagforeningen", "gewerkschaftsarbeit"]


# --- sentences -----------------------------------------------------------------------------

def test_splits_at_full_stop_question_exclamation_and_ellipsis():
    text = "Hội nghị đã kết thúc. Ai phát biểu? Xin cảm ơn! Còn nhiều việc… Năm sau gặp lại."
    assert _sentences(text) == [
        "Hội nghị đã kết thúc.", "Ai phát biểu?", "Xin cảm ơn!", "Còn nhiều việc…", "Năm sau gặp lại."]


def test_closing_quotes_stay_with_their_sentence():
    text = 'Anh nói: “Tốt lắm.” Chị hỏi "Xong chưa?" Rồi về.'
    assert _sentences(text) == ['Anh nói: “Tốt lắm.”', 'Chị hỏi "Xong chưa?"', "Rồi về."]


def test_sentence_may_start_with_an_opening_quote_or_a_digit():
    text = "Kết quả rất tốt. “Chúng tôi tự hào,” ông nói. 8.450 đoàn viên đã tham gia."
    assert _sentences(text) == ["Kết quả rất tốt.", "“Chúng tôi tự hào,” ông nói.", "8.450 đoàn viên đã tham gia."]


def test_every_line_break_and_list_item_ends_a_sentence():
    text = "Nhiệm vụ năm 2025\n- Số hóa hồ sơ\n• Tập huấn kỹ năng\n\n1. Báo cáo kết quả"
    assert _sentences(text) == ["Nhiệm vụ năm 2025", "- Số hóa hồ sơ", "• Tập huấn kỹ năng", "1. Báo cáo kết quả"]


def test_list_numbers_are_not_sentences_of_their_own():
    text = "II. Nhiệm vụ trọng tâm\n1. Báo cáo kết quả. 2. Tổng kết năm."
    assert _sentences(text) == ["II. Nhiệm vụ trọng tâm", "1. Báo cáo kết quả.", "2. Tổng kết năm."]


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị tổ chức tại TP. Hồ Chí Minh với 8.450 đoàn viên.",
        "Báo cáo do ThS. Nguyễn Thị B trình bày trước Ban Chấp hành.",
        "Siehe Nr. 5 der Liste für die Gewerkschaftsarbeit.",
        "Viele Themen, z.B. Gewerkschaftsarbeit und Bildung, wurden besprochen.",
        "Đ/c Nguyễn V. A phát biểu tại hội nghị.",
        "Tổng cộng 10.000 người tham gia, đạt tỷ lệ 87,5% so với kế hoạch.",
        "Am 22. Dezember 2024 erließ das Politbüro die Resolution.",
        "Die Sitzung fand am 30. Juli 2025 statt.",
        "Møtet ble holdt 30. juli 2025 i Oslo.",
    ],
)
def test_abbreviations_initials_numbers_and_dates_do_not_end_a_sentence(text):
    assert _sentences(text) == [text]


def test_document_number_stays_whole_and_its_full_stop_ends_the_sentence():
    text = "Thực hiện Nghị quyết số 57-NQ/TW. Bộ Chính trị ban hành ngày 22/12/2024."
    assert _sentences(text) == ["Thực hiện Nghị quyết số 57-NQ/TW.", "Bộ Chính trị ban hành ngày 22/12/2024."]


def test_full_stop_before_a_lowercase_word_does_not_split():
    assert _sentences("Er kam um 5 p.m. nach Hause. Dann ging er.") == ["Er kam um 5 p.m. nach Hause.", "Dann ging er."]


def test_number_before_a_capital_that_is_not_a_month_still_ends_the_sentence():
    assert _sentences("Die Zahl stieg auf 30. Danach sank sie.") == ["Die Zahl stieg auf 30.", "Danach sank sie."]


def test_english_and_norwegian_paragraphs_split_into_their_sentences():
    en = "The Vietnam Bank Union has 8,450 members. Dr. Smith spoke on July 30, 2025. It went well!"
    no = "Fagforeningen møttes i går. Særavtalen ble godkjent. Årsmøtet er 30. juli 2025."
    assert _sentences(en) == ["The Vietnam Bank Union has 8,450 members.", "Dr. Smith spoke on July 30, 2025.", "It went well!"]
    assert _sentences(no) == ["Fagforeningen møttes i går.", "Særavtalen ble godkjent.", "Årsmøtet er 30. juli 2025."]


def test_spans_are_trimmed_ordered_and_cover_every_non_space_character():
    text = "  Công đoàn Ngân hàng Việt Nam.   Đ/c Nguyễn Văn A phát biểu!\n\n  “Tốt lắm.”  TP. Hồ Chí Minh.  \n"
    spans = sentence_spans(text)
    assert spans, "expected sentences"
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        previous_end = end
    joined = "".join(text[s:e] for s, e in spans)
    assert "".join(joined.split()) == "".join(text.split())


def test_start_and_end_limit_the_range_and_offsets_stay_absolute():
    text = "Mở đầu. Câu một của đoạn. Câu hai của đoạn. Kết thúc."
    start = text.index("Câu một")
    end = text.index(" Kết thúc")
    spans = sentence_spans(text, start, end)
    assert [text[s:e] for s, e in spans] == ["Câu một của đoạn.", "Câu hai của đoạn."]
    assert spans[0][0] == start and spans[-1][1] == end


def test_blank_text_has_no_sentences():
    assert sentence_spans("") == []
    assert sentence_spans(" \n\n\t ") == []


def test_citation_markers_after_the_full_stop_stay_with_their_sentence():
    text = "Đảng bộ có 12.300 đảng viên. [S1] Nghị quyết 57-NQ/TW [S2]. Câu ba. [S1][S3] Hết."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Đảng bộ có 12.300 đảng viên. [S1]", "Nghị quyết 57-NQ/TW [S2].", "Câu ba. [S1][S3]", "Hết."]
