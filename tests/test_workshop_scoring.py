"""Workshop scoring: each exercise with known answers (perfect, partial, empty, malicious), the answer checks and
caps, the join codes, the feedback tables, and the shipped bank held against the engines that score it."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest

from studio.errors import StudioError
from studio.workshop import codes, scoring
from studio.workshop.evaluate import MAX_LIST, MAX_TEXT_CHARS, evaluate, normalize_answer
from studio.workshop.material import build_exercises, facts_spec, load_bank, parse_kinds, spot_spec
from tests.workflow_helpers import shared_gate

RISKY = ("TÀI LIỆU MẬT\nĐầu mối liên hệ là chị Trần Thị Mai Hương, số điện thoại 0912 345 678.\n"
         "Anh Lê Quốc Bảo đang bị xem xét kỷ luật vì vi phạm quy định chấm công.")


@pytest.fixture(scope="module")
def gate():
    return shared_gate()


@pytest.fixture(scope="module")
def spot(gate):
    return spot_spec(RISKY, "vi", gate, "test")


def _texts(score: scoring.Score, lang: str = "vi") -> list[str]:
    return [f.text(lang) for f in score.feedback]


# ---------------------------------------------------------------- spot the risk

def test_spot_the_risk_key_is_what_the_safety_engine_finds(spot):
    types = sorted(f["type"] for f in spot.answer_key["findings"])
    assert types == ["CONFIDENTIAL_MARKING", "PERSON", "PERSON", "PHONE_NUMBER", "SENSITIVE_RECORD"]


def test_spot_the_risk_perfect_answer_scores_100(spot):
    quotes = [f["text"] for f in spot.answer_key["findings"]]
    score = evaluate("spot-the-risk", spot.material, spot.answer_key, normalize_answer(
        "spot-the-risk", {"quotes": quotes}, spot.material), "vi")
    assert score.points == 100 and score.revealed == [] and score.details["missed"] == []
    assert _texts(score) == ["Tìm được 5/5 rủi ro."]


def test_spot_the_risk_partial_answer_scores_f1_and_keeps_the_missed_for_the_reveal(spot):
    """GIVEN two right marks (the phone number with its label, the marking) and one wrong mark
    THEN precision 2/3, recall 2/5, points = F1 = 50, and the three missed risks wait for the reveal."""
    answer = {"quotes": ["số điện thoại 0912 345 678", "TÀI LIỆU MẬT", "Đầu mối liên hệ"]}
    score = evaluate("spot-the-risk", spot.material, spot.answer_key,
                     normalize_answer("spot-the-risk", answer, spot.material), "vi")
    assert score.details["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert score.details["recall"] == pytest.approx(2 / 5, abs=1e-3)
    assert score.points == 50
    assert _texts(score, "en") == ["Found 2 of 5 risks.", "1 of 3 marked passages are not risks."]
    missed = [f.text("vi") for f in score.revealed]
    assert "Bỏ sót họ tên: “Trần Thị Mai Hương”." in missed and len(missed) == 3


def test_spot_the_risk_marks_by_offsets_and_a_whole_sentence_finds_the_record_not_the_name(spot):
    text = spot.material["text"]
    start = text.index("Anh Lê")
    sentence = (start, text.index("chấm công.") + len("chấm công."))
    score = scoring.score_spot_the_risk([sentence], 0, spot.answer_key["findings"])
    found = {spot.answer_key["findings"][i]["type"] for i in score.details["found"]}
    assert found == {"SENSITIVE_RECORD"}


def test_spot_the_risk_empty_answer_scores_0_and_shows_everything_after_the_reveal(spot):
    score = evaluate("spot-the-risk", spot.material, spot.answer_key,
                     normalize_answer("spot-the-risk", {}, spot.material), "vi")
    assert score.points == 0 and _texts(score) == ["Chưa có bài làm."] and len(score.revealed) == 5


def test_spot_the_risk_marking_the_whole_text_finds_nothing(spot):
    text = spot.material["text"]
    score = scoring.score_spot_the_risk([(0, len(text))], 0, spot.answer_key["findings"])
    assert score.points == 0


def test_spot_the_risk_malicious_marks_count_as_wrong_and_nothing_breaks(spot):
    """Spans out of range, reversed, non-numbers, huge numbers, and quotes that are not in the text."""
    answer = {"marks": [[-5, 3], [10, 2], [0, 10**12], ["a", "b"], [1], None, [True, False]],
              "quotes": ["<script>alert(1)</script>", "", None, "TÀI LIỆU MẬT"]}
    normal = normalize_answer("spot-the-risk", answer, spot.material)
    score = evaluate("spot-the-risk", spot.material, spot.answer_key, normal, "vi")
    assert score.details["found"] == [0]  # the marking
    assert score.details["precision"] == pytest.approx(1 / 9, abs=1e-3)  # 7 bad marks + 1 unknown quote + 1 right
    assert any("không nằm trong văn bản" in t for t in _texts(score))
    assert "<script>alert(1)</script>" in normal["quotes"]  # kept as text; pages escape what they show


def test_spot_the_risk_quotes_match_case_insensitively_and_repeat_to_the_next_occurrence():
    text = "Gọi 0912 345 678. Sau đó gọi lại 0912 345 678."
    marks, bad = scoring.marks_from_answer({"quotes": ["0912 345 678", "0912 345 678", "GỌI"]}, text)
    assert bad == 0 and marks[0] != marks[1] and marks[2] == (0, 3)


def test_too_many_marks_is_refused_with_a_clear_message(spot):
    with pytest.raises(StudioError) as err:
        normalize_answer("spot-the-risk", {"marks": [[0, 1]] * (MAX_LIST + 1)}, spot.material)
    assert err.value.code == "workshop_too_many" and str(MAX_LIST) in err.value.message("vi")


# ---------------------------------------------------------------- check the facts

@pytest.fixture(scope="module")
def facts():
    bank = load_bank("vi")
    item = next(i for i in bank["check_the_facts"] if i["id"] == "nghi-quyet-57")
    return facts_spec(item["title"], item["source"], item["draft"], "vi", item["id"])


def test_check_the_facts_key_is_what_the_grounding_check_flags(facts):
    assert facts.answer_key["flagged"] == [0, 2, 4]
    assert {c["kind"] for c in facts.answer_key["claims"]} == {"date", "number", "name"}


@pytest.mark.parametrize("flagged, points, found", [
    ([0, 2, 4], 100, 3),       # perfect
    ([0, 2], 80, 2),           # partial: P 1, R 2/3
    ([0, 1, 2, 3, 4], 75, 3),  # everything flagged: P 3/5, R 1
    ([1, 3], 0, 0),            # only the true sentences
])
def test_check_the_facts_scores_f1_over_sentences(facts, flagged, points, found):
    score = evaluate("check-the-facts", facts.material, facts.answer_key,
                     normalize_answer("check-the-facts", {"flagged": flagged}, facts.material), "vi")
    assert score.points == points and len(score.details["found"]) == found


def test_check_the_facts_empty_and_malicious(facts):
    empty = evaluate("check-the-facts", facts.material, facts.answer_key,
                     normalize_answer("check-the-facts", {"flagged": []}, facts.material), "en")
    assert empty.points == 0 and [f.text("en") for f in empty.revealed][0].startswith("Sentence 1 has a wrong date")
    odd = normalize_answer("check-the-facts", {"flagged": [0, 0, "2", -1, 999, None, 2.5, True]}, facts.material)
    assert odd == {"flagged": [-1, 0, 999]}
    score = evaluate("check-the-facts", facts.material, facts.answer_key, odd, "vi")
    assert score.details["found"] == [0] and score.details["precision"] == pytest.approx(1 / 3, abs=1e-3)
    with pytest.raises(StudioError) as err:
        normalize_answer("check-the-facts", {"flagged": "0,1,2"}, facts.material)
    assert err.value.code == "workshop_answer_invalid"


# ---------------------------------------------------------------- quiz

def test_quiz_scores_right_answers_and_reveals_only_later():
    correct, why = [1, 0, 2, 2, 1], ["a [S1]", "b", "c", "d", "e"]
    assert scoring.score_quiz([1, 0, 2, 2, 1], correct, why).points == 100
    partial = scoring.score_quiz([1, 3, 2, None], correct, why)
    assert partial.points == 40 and _texts(partial) == ["Trả lời đúng 2/5 câu."]
    revealed = [f.text("vi") for f in partial.revealed]
    assert revealed[:2] == ["Câu 2: bạn chọn D, chưa đúng.", "Câu 2: đáp án đúng là A. b"]
    assert not any("[S1]" in r for r in revealed)
    assert scoring.score_quiz([], correct, why).points == 0
    assert scoring.score_quiz([None] * 5, correct, why).feedback[0].code == "empty"


def test_quiz_malicious_choices_are_wrong_answers():
    material = {"questions": [{"question": "q", "options": list("abcd")}] * 3}
    normal = normalize_answer("quiz", {"choices": [True, "1", 7, 1, 2, 3, 4]}, material)
    assert normal == {"choices": [None, None, None]}
    assert normalize_answer("quiz", {"choices": [1]}, material) == {"choices": [1, None, None]}
    with pytest.raises(StudioError):
        normalize_answer("quiz", ["not", "an", "object"], material)


# ---------------------------------------------------------------- write with AI

SOURCE = ("Công đoàn Ngân hàng Việt Nam phát động phong trào thi đua chuyển đổi số năm 2025, với hơn 30.000 đoàn "
          "viên tham gia trên toàn quốc.")


def _write(text: str, gate, sources=None, fmt="zalo_message", lang="vi"):
    sources = [{"marker": "S1", "title": "t", "text": SOURCE}] if sources is None else sources
    material = {"format": fmt}
    return evaluate("write-with-ai", material, {}, normalize_answer("write-with-ai", {"text": text}, material),
                    lang, draft={"sources": sources}, gate=gate)


def test_write_with_ai_perfect_text_scores_100(gate):
    score = _write("Công đoàn Ngân hàng Việt Nam phát động thi đua chuyển đổi số năm 2025. [S1]\n"
                   "Hơn 30.000 đoàn viên đã tham gia. [S1] Mời bạn cùng hưởng ứng!", gate)
    assert score.points == 100, _texts(score)
    assert score.details["parts"] == [25, 25, 25, 25]


def test_write_with_ai_partial_scores_each_part(gate):
    """GIVEN a text that is too long, drops a marker, changes a figure and leaks a phone number
    THEN every part loses its points, with a reason for each."""
    filler = " ".join(["Đoàn viên hãy tích cực hưởng ứng phong trào."] * 12)
    text = (f"Công đoàn Ngân hàng Việt Nam phát động thi đua năm 2025. [S1] Hơn 50.000 đoàn viên tham gia. "
            f"{filler} Liên hệ 0912 345 678.")
    score = _write(text, gate)
    fmt, cites, ground, safety = score.details["parts"]
    assert fmt == 12  # over 80 words; no Markdown is fine
    assert cites == 12 and ground == 15 and safety == 0  # 1 of 2 factual sentences cited
    texts = _texts(score)
    assert any(t.startswith("Dài ") and "80 từ" in t for t in texts)
    assert any("50.000" in t for t in texts) and any("số điện thoại" in t for t in texts)


def test_write_with_ai_without_a_draft_has_no_sources_to_cite(gate):
    score = _write("Hơn 30.000 đoàn viên tham gia. [S1]", gate, sources=[])
    assert score.details["parts"][1] == 0 and "Chưa nhờ studio soạn bản nháp" in " ".join(_texts(score))


def test_write_with_ai_empty_and_script_laden_text(gate):
    assert _write("   ", gate).points == 0
    score = _write('<script>alert("x")</script> Hơn 30.000 đoàn viên tham gia. [S1]', gate)
    assert 0 <= score.points <= 100  # scored as text; nothing runs


def test_write_with_ai_social_post_needs_hashtags(gate):
    text = "Hơn 30.000 đoàn viên tham gia phong trào chuyển đổi số. [S1] #CongDoan #ChuyenDoiSo"
    assert _write(text, gate, fmt="social_post").details["parts"][0] == 25
    assert _write(text.replace("#ChuyenDoiSo", ""), gate, fmt="social_post").details["parts"][0] == 12


def test_a_huge_text_is_refused_with_a_clear_message_before_any_engine_runs():
    with pytest.raises(StudioError) as err:
        normalize_answer("write-with-ai", {"text": "a" * (MAX_TEXT_CHARS + 1)}, {"format": "zalo_message"})
    assert err.value.code == "workshop_too_long"
    assert "5000" in err.value.message("vi") and "The text" in err.value.message("en")


def test_control_characters_are_dropped_and_nul_never_reaches_the_database():
    normal = normalize_answer("write-with-ai", {"text": "a\x00b\x07c\nd\te"}, {"format": "zalo_message"})
    assert normal == {"text": "abc\nd\te"}


# ---------------------------------------------------------------- feedback, codes, kinds, bank

def test_every_feedback_message_renders_in_both_languages():
    params = {name: 1 for name in ("words", "max", "min", "count", "cited", "total", "found", "wrong", "marks",
                                   "number", "right", "score")}
    params.update(markers="[S9]", items="x", type="t", text="x", kind="k", letter="A", explanation="e", chosen="B")
    for code, table in scoring.FEEDBACK.items():
        assert set(table) == {"vi", "en"}
        for lang in ("vi", "en"):
            assert scoring.feedback_text(code, params, lang)
    assert set(scoring.RISK_NAMES["vi"]) == set(scoring.RISK_NAMES["en"])


def test_join_codes_avoid_look_alike_characters_and_read_back_forgivingly():
    assert not set("01OI") & set(codes.ALPHABET) and len(set(codes.ALPHABET)) == 32
    made = {codes.new_code() for _ in range(500)}
    assert all(codes.is_wellformed(c) for c in made) and len(made) > 490
    assert codes.normalize_code(" abc-234 ") == "ABC234" and codes.normalize_code(None) == ""
    assert not codes.is_wellformed("ABC10O")


def test_display_names_are_cleaned_and_compared_as_people_read_them():
    assert codes.clean_name("  Lan\u200b\x00  Anh ") == "Lan Anh"
    assert codes.name_key("LAN  anh") == codes.name_key("lan anh")
    assert codes.name_key(unicodedata.normalize("NFD", "Nguyễn")) == codes.name_key("NGUYỄN")


def test_exercise_names_are_checked():
    assert parse_kinds("write-with-ai, QUIZ,spot_the_risk") == ["write-with-ai", "quiz", "spot-the-risk"]
    for bad in ("", "quiz,essay", ",".join(["quiz"] * 13)):
        with pytest.raises(StudioError) as err:
            parse_kinds(bad)
        assert err.value.code == "workshop_exercises_invalid"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_bank_holds_what_its_authors_planted(lang, gate):
    """GIVEN each shipped exercise WHEN the engines that score it run THEN the safety gate finds every planted
    risk type in the spot-the-risk texts, and the grounding check flags exactly the planted sentences."""
    bank = load_bank(lang)
    assert bank["lang"] == lang
    for item in bank["spot_the_risk"]:
        found = {f["type"] for f in spot_spec(item["text"], lang, gate, item["id"]).answer_key["findings"]}
        assert found == set(item["planted"]), item["id"]
    for item in bank["check_the_facts"]:
        spec = facts_spec(item["title"], item["source"], item["draft"], lang, item["id"])
        assert spec.answer_key["flagged"] == item["planted"], item["id"]
    for quiz in bank["quiz"]:
        for q in quiz["questions"]:
            assert len(q["options"]) == 4 and 0 <= q["correct"] < 4 and q["explanation"]
    for brief in bank["write_with_ai"]:
        assert brief["format"] in scoring.FORMAT_LIMITS and brief["topic_hint"]
    assert len({i["id"] for section in ("spot_the_risk", "check_the_facts", "quiz", "write_with_ai")
                for i in bank[section]}) == sum(len(bank[s]) for s in ("spot_the_risk", "check_the_facts", "quiz",
                                                                       "write_with_ai"))


def test_the_same_seed_gives_the_same_material_and_a_repeated_kind_takes_another_item(gate):
    kinds = ["quiz", "quiz", "spot-the-risk"]
    a = build_exercises(kinds, "en", 7, gate=gate)
    b = build_exercises(kinds, "en", 7, gate=gate)
    assert [s.material for s in a] == [s.material for s in b]
    assert a[0].material["origin"] != a[1].material["origin"]
    assert re.fullmatch(r"[a-z0-9-]+", a[2].material["origin"])
    assert all(ch in string.printable or not ch.isascii() for ch in a[2].material["text"])
