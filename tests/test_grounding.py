"""The grounding check (studio.drafting.grounding) on real seed passages (en, de) and Vietnamese ones.

A planted-error set must be flagged in full, with the right kind at the right offsets; a set of correct
sentences, written in other spellings, languages and formats than their sources, must give no claim.
"""

from __future__ import annotations

import pytest

from studio.drafting.formats import Article, ArticleSection, InfographicBrief, InfographicItem, Quiz, QuizQuestion
from studio.drafting.grounding import check_draft, check_plain_text, check_text, find_claims
from tests.helpers_docs import seeds_dir


def _paragraph(seed: str, opening: str) -> str:
    path = next(seeds_dir().glob(f"{seed}_*.txt"))
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(opening)]
    assert len(lines) == 1, f"{opening!r} not found once in {path.name}"
    return lines[0]


VI_BIDV = "Đảng bộ BIDV có 251 chi bộ, đảng bộ trực thuộc và hơn 12.300 đảng viên."
VI_57 = ("Ngày 22/12/2024, Bộ Chính trị ban hành Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, "
         "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.")
VI_UNION = (
    "Ngày 15/3/2025, Công đoàn Ngân hàng Việt Nam tổ chức hội nghị tập huấn chuyển đổi số cho 8.450 đoàn viên "
    "tại Hà Nội. Đồng chí Đào Minh Tú, Phó Thống đốc Thường trực Ngân hàng Nhà nước Việt Nam (NHNN), dự và phát "
    "biểu. Đồng chí Nguyễn Khánh Chi, Chủ tịch Công đoàn Ngân hàng Việt Nam, triển khai Quyết định số "
    "789/QĐ-TLĐ của Tổng Liên đoàn Lao động Việt Nam về chương trình chuyển đổi số giai đoạn 2025–2030."
)
VI_RATE = "Tỷ lệ đoàn viên hài lòng với hoạt động công đoàn đạt 87,5% trong tháng 12/2024."


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    return {
        "S1": _paragraph("002", "On December 22, 2024, the Politburo issued Resolution No. 57-NQ/TW"),
        "S2": _paragraph("002", "Currently, the country has more than 5.3 million party members"),
        "S3": _paragraph("002", "In the digital age and the Fourth Industrial Revolution"),
        "S4": _paragraph("002", "One of the important breakthroughs of the digital transformation plan at BIDV"),
        "S5": VI_BIDV,
        "S6": VI_57,
        "S7": VI_UNION,
        "S8": _paragraph("004", "Am 22. Dezember 2024 erließ das Politbüro"),
        "S9": _paragraph("004", "Bis zum 31. Juli 2025 hat der Block Partei"),
        "S10": _paragraph("002", "Digital transformation in a large-scale Party organization like BIDV"),
        "S11": _paragraph("002", "| Author: Vo Thanh Phuong; Doan Nguyet Nga"),
        "S12": _paragraph("004", "Am 30. Juli 2025 veröffentlichte der Ständige Ausschuss"),
        "S13": VI_RATE,
        "S14": _paragraph("004", "Das Land zählt derzeit über 5,3 Millionen Parteimitglieder"),
    }


# (draft sentence, language, expected claims as (kind, text as written))
PLANTED = [
    ("Ngày 23/12/2024, Bộ Chính trị ban hành Nghị quyết số 57-NQ/TW [S6].", "vi", [("date", "23/12/2024")]),
    ("On December 12, 2024, the Politburo issued Resolution No. 57-NQ/TW [S1].", "en",
     [("date", "December 12, 2024")]),
    ("Đảng bộ BIDV có hơn 13.200 đảng viên [S5].", "vi", [("number", "13.200")]),
    ("BIDV Party Committee has 215 affiliated Party cells [S3].", "en", [("number", "215")]),
    ("At least 80% of inspection staff will be trained in information technology [S4].", "en",
     [("number", "80%")]),
    ("Tính đến ngày 31/7/2025, BIDV đã số hóa 57% hồ sơ công việc [S9].", "vi", [("number", "57%")]),
    ("Tỷ lệ đoàn viên hài lòng đạt 78,5% [S13].", "vi", [("number", "78,5%")]),
    ("Bộ Chính trị ban hành Nghị quyết số 75-NQ/TW [S6].", "vi", [("doc_number", "75-NQ/TW")]),
    ("Đồng chí Nguyễn Khánh Chi triển khai Quyết định số 798/QĐ-TLĐ [S7].", "vi",
     [("doc_number", "798/QĐ-TLĐ")]),
    ("Đồng chí Trần Văn Hùng, Phó Thống đốc Ngân hàng Nhà nước Việt Nam, dự hội nghị [S7].", "vi",
     [("name", "Trần Văn Hùng")]),
    ("The article was written by Vo Thanh Phuong and Tran Minh Quan [S11].", "en", [("name", "Tran Minh Quan")]),
    ("Công đoàn Ngân hàng Sài Gòn đã tập huấn cho 8.450 đoàn viên [S7].", "vi",
     [("name", "Công đoàn Ngân hàng Sài Gòn")]),
    ("The Vietnam Textile Trade Union joined the programme of BIDV [S3].", "en",
     [("name", "Vietnam Textile Trade Union")]),
    ("BIDV đặt mục tiêu số hóa công tác kiểm tra, giám sát trong giai đoạn 2025–2035 [S4].", "vi",
     [("date", "2025–2035")]),
    ("Nghị quyết 91-NQ/ĐU xác định tầm nhìn đến năm 2050 [S10].", "vi", [("date", "2050")]),
    ("Tháng 11/2024, Bộ Chính trị ban hành Nghị quyết số 57-NQ/TW [S8].", "vi", [("date", "Tháng 11/2024")]),
    ("On 30 July 2024, BIDV adopted a resolution on digital Party work for 2025–2028 [S12].", "en",
     [("date", "30 July 2024")]),
    ("Hiện có hơn 12.300 đảng viên [S20].", "vi", [("number", "12.300")]),  # S20 is no source
    ("Cả nước hiện có hơn 5,3 triệu đảng viên [S1].", "vi", [("number", "5,3 triệu")]),  # true in S2
    ("BIDV has more than 12,300 Party members [S4].", "en", [("number", "12,300")]),  # true in S3
]

CORRECT = [
    ("Đảng bộ BIDV có 251 chi bộ, đảng bộ trực thuộc và hơn 12.300 đảng viên [S3].", "vi"),
    ("BIDV has more than 12,300 Party members in 251 affiliated Party cells and committees [S5].", "en"),
    ("Ngày 22 tháng 12 năm 2024, Bộ Chính trị ban hành Nghị quyết số 57-NQ/TW [S6].", "vi"),
    ("On 22 December 2024, the Politburo issued Resolution 57-NQ/TW [S6].", "en"),
    ("Bộ Chính trị ban hành Nghị quyết số 57-NQ/TW ngày 22/12/2024 [S1].", "vi"),
    ("Tháng 12/2024, Bộ Chính trị ban hành Nghị quyết số 57-NQ/TW [S8].", "vi"),
    ("In December 2024, the Politburo issued Resolution No. 57-NQ/TW [S1].", "en"),
    ("Năm 2024, Bộ Chính trị ban hành Nghị quyết 57-NQ/TW [S1].", "vi"),
    ("Cả nước có hơn 5,3 triệu đảng viên [S2].", "vi"),
    ("The country has more than 5.3 million party members [S14].", "en"),
    ("Deputy Governor Dao Minh Tu attended the conference in Hanoi [S7].", "en"),
    ("Ms Nguyen Khanh Chi, Chairwoman of the Vietnam Bank Trade Union, presented Decision No. 789/QĐ-TLĐ [S7].",
     "en"),
    ("Vietnam Bank Trade Union trained 8,450 union members in Hanoi [S7].", "en"),
    ("Công đoàn Ngân hàng Việt Nam tổ chức tập huấn cho 8.450 đoàn viên [S7].", "vi"),
    ("Đại diện NHNN và Tổng Liên đoàn Lao động Việt Nam dự hội nghị [S7].", "vi"),
    ("VGCL and the State Bank of Vietnam (NHNN) attended the conference [S7].", "en"),
    ("Tỷ lệ hồ sơ được số hóa đạt 75% tính đến ngày 31/7/2025 [S9].", "vi"),
    ("Nghị quyết số 17-NQ/ĐU về chuyển đổi số công tác kiểm tra, giám sát giai đoạn 2025-2030 "
     "được ban hành ngày 18/8/2025 [S4].", "vi"),
    ("Union member satisfaction reached 87.5% in December 2024 [S13].", "en"),
    ("Resolution 91-NQ/DU, issued on 12 May 2025, sets goals to 2030 and a vision to 2045 [S10].", "en"),
    ("The Politburo issued Resolution No. 57-NQ/TW on December 22, 2024. "
     "It makes science and technology the central driving force [S1].", "en"),
]


# --- the planted set and the correct set --------------------------------------------------

def test_every_planted_error_is_flagged_and_no_correct_sentence_is(sources):
    flagged = sum(bool(check_text(text, sources, lang)) for text, lang, _ in PLANTED)
    alarms = [(text, check_text(text, sources, lang)) for text, lang in CORRECT]
    false_alarms = [(text, claims) for text, claims in alarms if claims]
    print(f"\ngrounding: planted errors flagged {flagged}/{len(PLANTED)}, "
          f"false alarms {len(false_alarms)}/{len(CORRECT)} correct sentences")
    assert len(PLANTED) >= 12
    assert flagged == len(PLANTED)
    assert false_alarms == []


@pytest.mark.parametrize("text, lang, expected", PLANTED, ids=[p[0][:40] for p in PLANTED])
def test_planted_error_gives_exactly_its_claim_at_its_offsets(sources, text, lang, expected):
    claims = check_text(text, sources, lang, field="lead")
    assert [(c.kind, c.text) for c in claims] == expected
    for claim in claims:
        assert text[claim.start:claim.end] == claim.text
        assert claim.field == "lead"


@pytest.mark.parametrize("text, lang", CORRECT, ids=[c[0][:40] for c in CORRECT])
def test_correct_sentence_in_other_spelling_or_language_gives_no_claim(sources, text, lang):
    assert check_text(text, sources, lang) == []


def test_reason_names_the_cited_sources_that_lack_the_claim(sources):
    [claim] = check_text("Cả nước hiện có hơn 5,3 triệu đảng viên [S1][S6].", sources, "vi")
    assert claim.cited == ["S1", "S6"] and claim.reason == "not in S1, S6"


def test_marker_naming_no_source_is_the_reason(sources):
    [claim] = check_text("Hiện có hơn 12.300 đảng viên [S20].", sources, "vi")
    assert claim.cited == ["S20"] and claim.reason == "cites S20, which is not a source"
    [claim] = check_text("Hiện có hơn 13.200 đảng viên [S5, S20].", sources, "vi")
    assert claim.reason == "not in S5; cites S20, which is not a source"


def test_figure_is_supported_only_by_the_source_the_sentence_cites(sources):
    assert check_text("Cả nước có hơn 5,3 triệu đảng viên [S2].", sources, "vi") == []
    assert [c.text for c in check_text("Cả nước có hơn 5,3 triệu đảng viên [S5].", sources, "vi")] == ["5,3 triệu"]


# --- find_claims ---------------------------------------------------------------------------

def _found(text: str, lang: str | None = "vi") -> list[tuple[str, str]]:
    claims = find_claims(text, lang)
    for f in claims:
        assert text[f.start:f.end] == f.text
    return [(f.kind, f.text) for f in claims]


def test_find_claims_offsets_point_into_the_text_with_its_markers():
    text = "Đảng bộ BIDV [S1] có 251 chi bộ [S1, S2] và hơn 12.300 đảng viên [S2][S3]."
    assert _found(text) == [("name", "Đảng bộ BIDV"), ("number", "251"), ("number", "12.300")]


def test_every_date_spelling_is_one_date_claim():
    for text, lang in [("ngày 22/12/2024", "vi"), ("ngày 22.12.2024", "vi"), ("ngày 22 tháng 12 năm 2024", "vi"),
                       ("on December 22, 2024", "en"), ("on 22 December 2024", "en"), ("am 22. Dezember 2024", None)]:
        [(kind, written)] = _found(text, lang)
        assert kind == "date" and text.endswith(written), text
    assert _found("trong tháng 12/2024 và giai đoạn 2025–2030, đến năm 2045") == [
        ("date", "tháng 12/2024"), ("date", "2025–2030"), ("date", "2045")]


def test_document_numbers_are_claims_of_their_own():
    assert _found("Nghị quyết 57-NQ/TW, Quyết định 789/QĐ-TLĐ và Nghị quyết 91-NQ/ĐU") == [
        ("doc_number", "57-NQ/TW"), ("doc_number", "789/QĐ-TLĐ"), ("doc_number", "91-NQ/ĐU")]


def test_number_words_list_numbering_small_integers_and_phone_numbers_are_not_claims():
    text = "1. Ba trụ cột, 3 nhiệm vụ và hai giai đoạn; đường dây nóng 0912 345 678.\n12. Mười đơn vị."
    assert _found(text) == []


def test_small_integer_with_percent_scale_or_unit_is_a_claim():
    assert _found("Tăng 5%, thu 3 tỷ đồng, xây 7 km đường và 2 triệu lượt truy cập.") == [
        ("number", "5%"), ("number", "3 tỷ"), ("number", "7"), ("number", "2 triệu")]


def test_ty_le_is_a_rate_not_billion():
    assert _found("Tỷ lệ đạt 87,5%, tỷ lệ 9 trên 10 đơn vị.") == [("number", "87,5%")]


def test_sentence_openers_months_and_single_capitalised_words_are_not_names():
    assert _found("Các đoàn viên tham gia. Ngày hội diễn ra. Thực hiện Nghị quyết, Ban tổ chức họp.") == []
    assert _found("The Politburo met in December. In March the Party said so.", "en") == []


def test_vietnamese_names_of_people_and_organisations():
    text = ("Đồng chí Đào Minh Tú và Chủ tịch Nguyễn Khánh Chi dự hội nghị của Công đoàn Ngân hàng Việt Nam "
            "và Bộ Chính trị tại Hà Nội.")
    assert [t for k, t in _found(text) if k == "name"] == [
        "Đào Minh Tú", "Nguyễn Khánh Chi", "Công đoàn Ngân hàng Việt Nam và Bộ Chính trị", "Hà Nội"]


def test_english_names_acronyms_and_title_case_headlines():
    # names joined by "and"/"và" stay one run; the check splits it when the whole is not in a source
    assert _found("Deputy Governor Dao Minh Tu met the Vietnam Bank Trade Union and NHNN.", "en") == [
        ("name", "Dao Minh Tu"), ("name", "Vietnam Bank Trade Union and NHNN")]
    assert _found("They met VGCL, NHNN and the Joint Stock Commercial Bank for Investment and "
                  "Development of Vietnam.", "en") == [
        ("name", "VGCL"), ("name", "NHNN"),
        ("name", "Joint Stock Commercial Bank for Investment and Development of Vietnam")]
    assert _found("BIDV Pioneers Digital Transformation in Party Work", "en") == [("name", "BIDV")]
    assert _found("CÔNG ĐOÀN NGÂN HÀNG VIỆT NAM", "vi") == []
    assert _found("Phase II of the AI programme", "en") == []


# --- citations -----------------------------------------------------------------------------

def test_marker_after_the_full_stop_belongs_to_the_sentence_before(sources):
    text = "Đảng bộ BIDV có hơn 12.300 đảng viên. [S5] Cả nước có hơn 5,3 triệu đảng viên. [S2]"
    assert check_text(text, sources, "vi") == []
    [claim] = check_text("Hiện có hơn 12.300 đảng viên. [S2] Cả nước có 5,3 triệu đảng viên. [S2]", sources, "vi")
    assert claim.text == "12.300" and claim.cited == ["S2"]


def test_unmarked_sentence_takes_the_markers_of_its_paragraph_and_an_unmarked_paragraph_every_source(sources):
    text = "Hiện có hơn 12.300 đảng viên. Bộ Chính trị ban hành Nghị quyết 57-NQ/TW [S6]."
    [claim] = check_text(text, sources, "vi")
    assert (claim.text, claim.cited) == ("12.300", ["S6"])
    text = "Bộ Chính trị ban hành Nghị quyết 57-NQ/TW [S6].\n\nĐảng bộ BIDV có hơn 12.300 đảng viên."
    assert check_text(text, sources, "vi") == []
    [claim] = check_text(text.replace("12.300", "13.200"), sources, "vi")
    assert claim.cited == list(sources) and claim.reason.startswith("not in S1, S2,")


def test_impossible_date_is_flagged_even_without_sources():
    [claim] = check_text("Hội nghị diễn ra ngày 31/2/2025 [S1].", {"S1": "Hội nghị diễn ra ngày 28/2/2025."}, "vi")
    assert (claim.kind, claim.text, claim.reason) == ("date", "31/2/2025", "not a valid date")


def test_plain_text_without_markers_is_checked_against_every_passage():
    text = "Ngày 22/12/2024, Bộ Chính trị ban hành Nghị quyết 57-NQ/TW. Đảng bộ BIDV có hơn 13.200 đảng viên."
    [claim] = check_plain_text(text, [VI_57, VI_BIDV], "vi")
    assert (claim.kind, claim.text, claim.cited, claim.field) == ("number", "13.200", ["S1", "S2"], "")
    assert text[claim.start:claim.end] == "13.200"


# --- check_draft ---------------------------------------------------------------------------

def test_check_draft_walks_an_article_with_field_paths(sources):
    article = Article(
        headline="Công đoàn Ngân hàng Việt Nam đẩy mạnh chuyển đổi số",
        lead="Ngày 22/12/2024, Bộ Chính trị ban hành Nghị quyết số 57-NQ/TW [S6].",
        sections=[
            ArticleSection(heading="Bối cảnh", paragraphs=["Cả nước có hơn 5,3 triệu đảng viên [S2]."]),
            ArticleSection(heading="Tại BIDV", paragraphs=[
                "Đảng bộ BIDV có 251 chi bộ [S5]. Đảng bộ có hơn 13.200 đảng viên [S5].",
                "Đồng chí Trần Văn Hùng dự hội nghị [S7].",
            ]),
        ],
        closing="Giai đoạn 2025–2035 là giai đoạn bứt phá [S7].",
    )
    claims = check_draft(article, sources, "vi")
    assert [(c.field, c.kind, c.text) for c in claims] == [
        ("sections[1].paragraphs[0]", "number", "13.200"),
        ("sections[1].paragraphs[1]", "name", "Trần Văn Hùng"),
        ("closing", "date", "2025–2035"),
    ]
    texts = {"sections[1].paragraphs[0]": article.sections[1].paragraphs[0],
             "sections[1].paragraphs[1]": article.sections[1].paragraphs[1], "closing": article.closing}
    assert all(texts[c.field][c.start:c.end] == c.text for c in claims)
    assert check_draft(article.model_dump(), sources, "vi") == claims


def test_quiz_source_supports_question_correct_option_and_explanation_but_distractors_are_not_checked(sources):
    question = QuizQuestion(
        question="Đảng bộ BIDV có bao nhiêu đảng viên?",
        options=["Hơn 12.300", "Hơn 5.000", "Hơn 20.000", "Hơn 1.000"],
        correct=0,
        explanation="Đảng bộ BIDV có 251 chi bộ trực thuộc và hơn 12.300 đảng viên.",
        source="S5",
    )
    assert check_draft(Quiz(title="Chuyển đổi số", questions=[question]), sources, "vi") == []
    wrong = question.model_copy(update={"correct": 2})
    [claim] = check_draft(Quiz(title="Chuyển đổi số", questions=[question, wrong]), sources, "vi")
    assert (claim.field, claim.text, claim.cited) == ("questions[1].options[2]", "20.000", ["S5"])


def test_infographic_item_source_supports_its_value_and_label(sources):
    brief = InfographicBrief(title="BIDV", items=[
        InfographicItem(value="12.300", label="đảng viên của Đảng bộ BIDV", source="S5"),
        InfographicItem(value="251", label="chi bộ trực thuộc", source="S5"),
        InfographicItem(value="75%", label="hồ sơ được số hóa", source="S5"),
    ])
    [claim] = check_draft(brief, sources, "vi")
    assert (claim.field, claim.kind, claim.text, claim.reason) == ("items[2].value", "number", "75%", "not in S5")


def test_what_masking_wrote_is_not_a_claim():
    """GIVEN a text whose personal data was masked (pseudonyms, partial masks, redaction)
    WHEN it is grounded THEN the placeholders raise nothing, while a real invented figure still does."""
    from studio.drafting.grounding import check_text
    from studio.safety.gate import SafetyGate
    from studio.safety.mask import mask_text

    source = "Công đoàn cơ sở có 1.250 đoàn viên; hội nghị diễn ra ngày 5/6/2025."
    text = ("Liên hệ chị Nguyễn Thị Lan, số 0983 456 421, email lan.nguyen@congdoan.vn: công đoàn có "
            "1.250 đoàn viên, hội nghị ngày 5/6/2025 [S1].")
    findings = [f for f in SafetyGate().findings(text, "vi") if f.type in ("PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS")]
    assert {f.type for f in findings} == {"PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS"}
    for mode in ("pseudonym", "partial", "redact"):
        masked = mask_text(text, findings, mode)
        assert "0983 456 421" not in masked
        assert check_text(masked, {"S1": source}, "vi") == [], (mode, masked)
        invented = masked.replace("1.250", "9.870")
        assert [c.text for c in check_text(invented, {"S1": source}, "vi")] == ["9.870"], mode
