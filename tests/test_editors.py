"""The pure logic behind the structured editors (studio.drafting.editing, studio.drafting.fields): layouts as data,
per-field problems with paths and codes (no pydantic English), live figures, blank entries and moves."""

from __future__ import annotations

import copy

import pytest

from studio.drafting.editing import (
    Problem,
    blank_entry,
    check_structured,
    figures,
    moved,
    total_duration,
)
from studio.drafting.fields import (
    EDITOR_LAYOUTS,
    STRUCTURED_FORMATS,
    Box,
    Repeat,
    edit_fields,
    value_at,
)
from studio.drafting.formats import FORMAT_MODELS

QUIZ = {"title": "Hiểu về công đoàn số", "questions": [
    {"question": "Có bao nhiêu lượt truy cập?", "options": ["100 triệu", "10 triệu", "1 triệu", "1 tỷ"],
     "correct": 0, "explanation": "Trang tin đạt gần 100 triệu lượt truy cập. [S1]", "source": "S1"}]}
VIDEO = {"title": "Công đoàn số", "scenes": [
    {"on_screen_text": f"Cảnh số {n}", "narration": f"Lời dẫn {n}. [S1]", "duration_s": 5} for n in range(1, 5)]}
BRIEF = {"title": "Chuyển đổi số", "kind": "key_figures", "items": [
    {"value": "gần 100 triệu", "label": "lượt truy cập", "source": "S1"},
    {"value": "gần 30.000", "label": "người theo dõi", "source": "S1"},
    {"value": "hơn 200", "label": "cán bộ học AI", "source": "S2"}]}
MARKERS = ["S1", "S2"]


def _codes(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in problems]


def test_every_format_has_a_layout_naming_only_fields_of_its_model():
    assert set(EDITOR_LAYOUTS) == set(FORMAT_MODELS)
    assert STRUCTURED_FORMATS == ("quiz", "video_script", "infographic_brief")
    for fmt, layout in EDITOR_LAYOUTS.items():
        model_fields = set(FORMAT_MODELS[fmt].model_fields)
        for part in layout.parts:
            assert part.name in model_fields, (fmt, part.name)
            if isinstance(part, Repeat):
                entry_model = FORMAT_MODELS[fmt].model_fields[part.name].annotation.__args__[0]
                assert {b.name for b in part.boxes} <= set(entry_model.model_fields), (fmt, part.name)
    scenes = next(p for p in EDITOR_LAYOUTS["video_script"].parts if isinstance(p, Repeat))
    assert (scenes.min, scenes.max, scenes.movable) == (4, 10, True)
    assert Box("on_screen_text", "line", words=12) in scenes.boxes


def test_valid_structured_content_passes_and_is_dumped_by_its_model():
    for fmt, content in (("quiz", QUIZ), ("video_script", VIDEO), ("infographic_brief", BRIEF)):
        valid, problems = check_structured(fmt, copy.deepcopy(content), MARKERS)
        assert problems == [] and valid is not None
    assert check_structured("video_script", VIDEO, MARKERS)[0]["scenes"][0]["duration_s"] == 5.0


def test_quiz_problems_name_the_field_they_concern():
    quiz = copy.deepcopy(QUIZ)
    q = quiz["questions"][0]
    q["options"][2] = " "
    q["options"][3] = "100 TRIỆU"  # the same as A, ignoring case
    q["question"] = ""
    q["source"] = "S9"
    q["correct"] = 4
    valid, problems = check_structured("quiz", quiz, MARKERS)
    assert valid is None
    assert _codes(problems) == [("questions[0].question", "required"), ("questions[0].options[2]", "required"),
                                ("questions[0].options", "options_differ"), ("questions[0].correct", "correct_range"),
                                ("questions[0].source", "unknown_source")]
    assert problems[-1].params == {"marker": "S9"}


def test_a_video_script_is_held_to_its_live_limits():
    video = copy.deepcopy(VIDEO)
    video["scenes"][1]["on_screen_text"] = "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai mười ba"
    video["scenes"][2]["duration_s"] = 31
    valid, problems = check_structured("video_script", video, MARKERS)
    assert valid is None
    assert _codes(problems) == [("scenes[1].on_screen_text", "too_many_words"),
                                ("scenes[2].duration_s", "duration_range")]
    assert problems[0].params == {"n": 16, "max": 12}
    video["scenes"][1]["on_screen_text"] = "Đủ ngắn [S1]"  # markers are not words on screen
    video["scenes"][2]["duration_s"] = 30
    assert check_structured("video_script", video, MARKERS)[1] == []
    short = {**VIDEO, "scenes": [{**s, "duration_s": 3} for s in VIDEO["scenes"]]}  # 12 s
    assert _codes(check_structured("video_script", short, MARKERS)[1]) == [("scenes", "total_range")]
    three = {**VIDEO, "scenes": VIDEO["scenes"][:3]}
    assert ("scenes", "too_few") in _codes(check_structured("video_script", three, MARKERS)[1])


def test_an_infographic_brief_needs_three_to_six_items_and_a_known_kind():
    brief = copy.deepcopy(BRIEF)
    brief["items"] += [blank_entry("infographic_brief", "items", MARKERS) for _ in range(4)]
    brief["kind"] = "pie"
    valid, problems = check_structured("infographic_brief", brief, MARKERS)
    codes = _codes(problems)
    assert valid is None and ("kind", "choice") in codes and ("items", "too_many") in codes
    assert ("items[3].value", "required") in codes and ("items[6].label", "required") in codes
    brief["items"] = brief["items"][:2]
    brief["kind"] = "timeline"
    assert _codes(check_structured("infographic_brief", brief, MARKERS)[1]) == [("items", "too_few")]


def test_without_known_markers_any_source_is_accepted_but_an_empty_one_is_not():
    brief = copy.deepcopy(BRIEF)
    brief["items"][0]["source"] = "S7"
    assert check_structured("infographic_brief", brief, None)[1] == []
    brief["items"][0]["source"] = ""
    assert _codes(check_structured("infographic_brief", brief, None)[1]) == [("items[0].source", "required")]


def test_figures_show_counts_and_total_duration_against_the_limits():
    figs = {(f.path, f.code): f for f in figures("video_script", VIDEO)}
    assert figs[("scenes", "count")].params == {"n": 4, "min": 4, "max": 10} and figs[("scenes", "count")].ok
    total = figs[("scenes", "total_duration")]
    assert total.params == {"total": "20", "min": "15", "max": "90"} and total.ok
    long = {**VIDEO, "scenes": [{**s, "duration_s": 25} for s in VIDEO["scenes"]]}
    assert total_duration(long) == 100
    assert not next(f for f in figures("video_script", long) if f.code == "total_duration").ok


def test_blank_entries_and_moves():
    assert blank_entry("quiz", "questions", ["S2"]) == {"question": "", "options": ["", "", "", ""], "correct": 0,
                                                         "explanation": "", "source": "S2"}
    assert blank_entry("video_script", "scenes")["duration_s"] == 5.0
    assert moved(["a", "b", "c"], 0, 1) == ["b", "a", "c"]
    assert moved(["a", "b", "c"], 2, -1) == ["a", "c", "b"]
    assert moved(["a", "b", "c"], 0, -1) == ["a", "b", "c"]
    with pytest.raises(ValueError):
        blank_entry("article", "sections")


def test_value_at_and_the_json_box_of_the_advanced_editor():
    assert value_at(QUIZ, "questions[0].options[3]") == "1 tỷ"
    assert value_at(QUIZ, "questions[4].question") is None and value_at(QUIZ, "nowhere.at[0]") is None
    [box] = edit_fields("quiz", QUIZ)
    assert box.kind == "json" and '"correct": 0' in box.value


def test_every_box_problem_and_figure_has_a_label_in_both_languages():
    """The editors' labels and messages come from strings_editors.yaml: a box, a list or a problem code without
    its Vietnamese and English text would show a key or fail at run time."""
    import re

    from studio.config import PROJECT_ROOT
    from studio.ui.i18n import string_tables

    source = (PROJECT_ROOT / "studio" / "drafting" / "editing.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'Problem\([^,]+, "(\w+)"', source))
    assert {"required", "options_differ", "too_many_words", "duration_range", "total_range"} <= codes
    needed = {f"ed_problem_{c}" for c in codes} | {"ed_figure_count", "ed_figure_total_duration", "ed_words"}
    for fmt in STRUCTURED_FORMATS:
        for part in EDITOR_LAYOUTS[fmt].parts:
            boxes = part.boxes if isinstance(part, Repeat) else (part,)
            needed |= {f"ed_field_{'option' if b.kind == 'options' else b.name}" for b in boxes}
            if isinstance(part, Repeat):
                needed |= {f"ed_entry_{part.name}", f"ed_add_{part.name}"}
    tables = string_tables()
    for lang in ("vi", "en"):
        assert needed <= set(tables[lang]), (lang, sorted(needed - set(tables[lang])))
    assert tables["vi"]["ed_words"].format(n=5, max=12) == "5/12 từ"
