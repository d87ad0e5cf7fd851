"""The Compose page through AppTest on a real SQLite database and the sample knowledge base with the offline
composer: draft, edit field by field, save as an item, save again without a duplicate, new versions, a stale
version refused with the user's text kept, an empty topic, English labels."""

from __future__ import annotations

import re

from studio.workflow import items
from tests.ui_flow_helpers import button, english_widgets, studio, texts  # noqa: F401
from tests.workflow_helpers import cheap_argon2, make_draft  # noqa: F401


def _fields(at) -> dict:
    """The editor's boxes by field path (text areas and text inputs of the working copy)."""
    boxes = [w for w in list(at.text_area) + list(at.text_input) if (w.key or "").startswith("compose_field_")]
    return {w.key.removeprefix("compose_field_").split("_", 1)[1]: w for w in boxes}  # key: …_<token>_<path>


def _draft(at, topic: str, fmt: str = "zalo_message", lang: str = "vi"):
    at.text_input(key="compose_topic").input(topic)
    at.selectbox(key="compose_format").set_value(fmt)
    at.selectbox(key="compose_lang").set_value(lang)
    button(at, "compose_go").click().run()
    assert not at.exception, at.exception
    return at


def _items(studio, author="lan"):
    return studio.db.read(items.list_items, None, author)


def test_a_draft_is_edited_and_saved_once_as_version_one_then_as_version_two(studio):
    """GIVEN officer lan on the Compose page WHEN she drafts a Zalo message, edits its text and presses Save twice
    THEN one item exists, version 1 holds her edited text with its citations, the second press says it was
    already saved; a further edit saved becomes version 2, and going back to the first text version 3."""
    at = _draft(studio.page("compose"), "chuyển đổi số trong công đoàn")
    assert at.title[0].value == "Soạn nội dung"
    assert "Bản nháp mới: Tin nhắn Zalo (chưa lưu)" in texts(at)
    box = _fields(at)["text"]
    drafted = box.value
    cited = re.findall(r"\[(S\d+)\]", drafted)
    labels = [e.label.replace("\\", "") for e in at.expander]  # Markdown-escaped titles
    assert cited and all(any(label.startswith(f"[{m}] ") for label in labels) for m in cited)  # sources beside
    edited = "Kính gửi đoàn viên: " + drafted
    box.input(edited).run()
    button(at, "compose_save").click().run()
    assert "Đã lưu mục #1, phiên bản 1 (bản nháp)." in texts(at)
    assert "Đang sửa mục #1, phiên bản 1 (bản nháp)" in texts(at)  # the heading follows the saved item
    [saved] = _items(studio)
    detail = studio.db.read(items.get_item, saved.id)
    assert detail.version.content["text"] == edited and detail.version.citations
    assert detail.version.text.startswith("Kính gửi đoàn viên: ")

    button(at, "compose_save").click().run()  # the same text again: nothing new
    assert "Nội dung này đã được lưu: mục #1, phiên bản 1." in texts(at)
    assert len(_items(studio)) == 1 and studio.db.read(items.get_item, saved.id).current_version == 1

    _fields(at)["text"].input(edited.replace("Kính gửi", "Thân gửi")).run()
    assert button(at, "compose_save").label == "Lưu phiên bản mới"
    button(at, "compose_save").click().run()
    assert "Đã lưu mục #1, phiên bản 2 (bản nháp)." in texts(at)
    assert studio.db.read(items.get_item, saved.id).version.content["text"].startswith("Thân gửi")
    _fields(at)["text"].input(edited).run()  # back to version 1's words: a new version, not "already saved"
    button(at, "compose_save").click().run()
    assert "Đã lưu mục #1, phiên bản 3 (bản nháp)." in texts(at)
    assert len(_items(studio)) == 1


def test_an_empty_topic_is_refused_and_nothing_is_drafted(studio):
    at = _draft(studio.page("compose"), "")
    assert [e.value for e in at.error] == ["Hãy nhập chủ đề cần soạn \\(ít nhất 2 ký tự\\)."]
    assert not _fields(at) and not _items(studio)


def test_a_stale_version_is_refused_and_the_users_text_stays(studio):
    """GIVEN lan opened version 1 of her item WHEN another session saves version 2 and she then saves her edit
    THEN the page shows the conflict naming both versions, her text stays in the box and version 2 is kept."""
    item_id = studio.db.run(items.create_item, "lan", make_draft()).id
    at = studio.page("compose")
    at.selectbox(key="compose_pick").set_value(item_id)
    button(at, "compose_open").click().run()
    assert "Đang sửa mục #1, phiên bản 1 (bản nháp)" in texts(at)
    studio.db.run(items.edit_item, "lan", item_id, {"text": "Bản của phiên làm việc khác. [S1]"}, 1)
    mine = "Bản lan sửa trong trình duyệt. [S1]"
    _fields(at)["text"].input(mine).run()
    button(at, "compose_save").click().run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "phiên bản 2" in errors[0] and "phiên bản 1" in errors[0]
    assert _fields(at)["text"].value == mine
    detail = studio.db.read(items.get_item, item_id)
    assert detail.current_version == 2 and detail.version.content["text"] == "Bản của phiên làm việc khác. [S1]"


def test_invalid_structured_content_cannot_be_saved(studio):
    at = _draft(studio.page("compose"), "chuyển đổi số", fmt="talking_points")
    _fields(at)["points"].input("Chỉ một ý. [S1]").run()
    assert any("không đúng cấu trúc" in e.value for e in at.error)
    assert button(at, "compose_save").disabled
    assert not _items(studio)


def test_without_login_the_page_asks_to_log_in_and_a_reviewer_may_not_compose(studio):
    at = studio.page("compose", user=None)
    assert [e.value for e in at.error] == ["Hãy đăng nhập để mở trang này."]
    assert not at.text_input and not at.button
    at = studio.page("compose", user="minh")
    assert [e.value for e in at.error] == [
        "Bạn không có quyền mở trang này; trang dành cho vai trò: Cán bộ truyền thông."]


def test_english_article_has_a_box_per_field_and_saves_in_english(studio, monkeypatch):
    english_widgets(monkeypatch)
    at = _draft(studio.page("compose", lang="en"), "digital transformation of the union", fmt="article",
                lang="en")
    assert at.title[0].value == "Compose"
    lines = [w.label for w in at.text_input if (w.key or "").startswith("compose_field_")]
    boxes = [w.label for w in at.text_area if (w.key or "").startswith("compose_field_")]
    assert lines[:2] == ["Headline", "Section 1: heading"] and len(lines) >= 3
    assert boxes[:2] == ["Lead", "Section 1: paragraphs"] and boxes[-1] == "Closing"
    assert len(boxes) == len(lines) + 1  # lead and closing, a heading and its paragraphs per section
    assert button(at, "compose_save").label == "Save as a new item"
    button(at, "compose_save").click().run()
    assert "Saved item #1, version 1 (draft)." in texts(at)
    [saved] = _items(studio)
    assert (saved.format, saved.lang) == ("article", "en")


def test_grounding_warnings_follow_the_edited_text_and_regenerate_starts_a_new_draft(studio):
    """GIVEN a drafted Zalo message WHEN a number its sources don't hold is typed in THEN a warning names it under
    the text; removing it removes the warning. Regenerate writes a fresh draft for the same request."""
    at = _draft(studio.page("compose"), "chuyển đổi số trong công đoàn")
    box = _fields(at)["text"]
    first = box.value
    marker = re.findall(r"\[S\d+\]", first)[0]
    box.input(f"Có 987.654 đoàn viên tham gia. {marker}\n" + first).run()
    warnings = [w.value for w in at.warning if w.value.startswith("Chưa tìm thấy trong nguồn đã trích")]
    assert len(warnings) == 1 and "987.654" in warnings[0] and "con số" in warnings[0]
    _fields(at)["text"].input(first).run()
    assert not [w for w in at.warning if "987.654" in w.value]

    assert "Phương án 1" in texts(at)
    button(at, "compose_regen").click().run()
    assert not at.exception
    assert "Bản nháp mới: Tin nhắn Zalo (chưa lưu)" in texts(at)
    assert "Phương án 2" in texts(at) and "Phương án 1" not in texts(at)
    assert at.session_state["compose_work"]["request"]["variant"] == 1  # the next variant was asked for
    assert _fields(at)["text"].value  # a fresh editor on the new draft
    button(at, "compose_save").click().run()
    assert len(_items(studio)) == 1


# ---------------------------------------------------------------- structured editors

def _ed(at, suffix: str):
    """The structured editor's widget whose key ends with `suffix` (keys: compose_ed_<token>__<list>_<id>_<box>)."""
    widgets = [w for kind in ("text_input", "text_area", "number_input", "radio", "selectbox")
               for w in getattr(at, kind) if (w.key or "").startswith("compose_ed_")]
    [found] = [w for w in widgets if "__" in w.key and w.key.split("__", 1)[1] == suffix]
    return found


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def _btn(at, suffix: str):
    """The structured editor's button whose key ends with `suffix`."""
    [found] = [b for b in at.button if (b.key or "").startswith("compose_ed_") and b.key.endswith(suffix)]
    return found


def _captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_a_quiz_is_edited_in_boxes_checked_as_typed_and_saved_without_json(studio):
    """GIVEN a drafted quiz WHEN lan changes a question, makes two options equal, picks another correct answer
    THEN the Vietnamese message names the clash under the options and Save is disabled; once fixed, Save stores
    exactly her edits (and the JSON box stays closed in the advanced expander)."""
    at = _draft(studio.page("compose"), "chuyển đổi số trong công đoàn", fmt="quiz")
    assert not _fields(at)  # no plain box, no JSON editor as the default
    assert [e.label for e in at.expander if e.label == "Nâng cao: sửa dạng JSON"]
    first_option = _ed(at, "questions_0_options_0").value
    _ed(at, "questions_0_question").input("Câu hỏi do Lan viết lại?").run()
    _ed(at, "questions_0_options_1").input(first_option.upper()).run()
    assert "Bốn phương án phải khác nhau." in _errors(at)
    assert "Chưa lưu được: còn 1 chỗ cần sửa (xem thông báo dưới từng ô)." in _errors(at)
    assert button(at, "compose_save").disabled
    _ed(at, "questions_0_options_1").input("Một phương án mới").run()
    _ed(at, "questions_0_correct").set_value(3).run()
    assert not _errors(at) and not button(at, "compose_save").disabled
    button(at, "compose_save").click().run()
    [saved] = _items(studio)
    question = studio.db.read(items.get_item, saved.id).version.content["questions"][0]
    assert question["question"] == "Câu hỏi do Lan viết lại?"
    assert question["options"][1] == "Một phương án mới" and question["correct"] == 3


def test_a_video_script_shows_word_counts_and_total_duration_and_scenes_move(studio):
    """GIVEN a drafted video script WHEN an on-screen line grows past 12 words, a scene lasts 31 s, scenes are
    added, moved and removed THEN the counter, the per-field messages and the total follow each change."""
    at = _draft(studio.page("compose"), "chuyển đổi số trong công đoàn", fmt="video_script")
    for n in range(10):  # the offline draft may start over the limit: shorten every line first
        try:
            _ed(at, f"scenes_{n}_on_screen_text").input(f"Cảnh số {n + 1}").run()
        except ValueError:
            break
    assert "3/12 từ" in _captions(at)
    _ed(at, "scenes_0_on_screen_text").input("một hai ba bốn năm sáu bảy tám chín mười mười một mười hai").run()
    assert "14/12 từ" in _captions(at)
    assert "Quá dài: 14 từ, tối đa 12 từ trên màn hình." in _errors(at)
    assert button(at, "compose_save").disabled
    _ed(at, "scenes_0_on_screen_text").input("Mở đầu").run()
    _ed(at, "scenes_1_duration_s").set_value(31.0).run()
    assert "Thời lượng phải lớn hơn 0 và không quá 30 giây." in _errors(at)
    _ed(at, "scenes_1_duration_s").set_value(7.0).run()
    assert not _errors(at)
    scenes = at.session_state["compose_ed_" + at.session_state["compose_work"]["token"]]["content"]["scenes"]
    total = sum(s["duration_s"] for s in scenes)
    assert f"Tổng thời lượng: {total:g} giây (cho phép 15–90 giây)" in _captions(at)
    _btn(at, "_down_scenes_0").click().run()
    shown = [w.value for w in at.text_input if (w.key or "").endswith("_on_screen_text")]
    assert shown[1] == "Mở đầu" and shown[0] != "Mở đầu"  # the first scene moved down one place, with its boxes
    count = len(scenes)
    _btn(at, "_add_scenes").click().run()
    assert len([w for w in at.text_input if (w.key or "").endswith("_on_screen_text")]) == count + 1
    assert "Ô này không được để trống." in _errors(at)  # the new scene is empty
    _btn(at, f"_remove_scenes_{count}").click().run()
    assert not _errors(at)
    button(at, "compose_save").click().run()
    [saved] = _items(studio)
    content = studio.db.read(items.get_item, saved.id).version.content
    assert content["scenes"][1]["on_screen_text"] == "Mở đầu" and content["scenes"][0]["duration_s"] == 7.0


def test_an_infographic_item_is_added_and_the_limit_of_six_is_shown(studio):
    at = _draft(studio.page("compose"), "chuyển đổi số trong công đoàn", fmt="infographic_brief")
    n = len([w for w in at.text_input if (w.key or "").endswith("_label")])
    while n < 6:
        _btn(at, "_add_items").click().run()
        n += 1
    assert _btn(at, "_add_items").disabled
    assert "6 mục (cho phép 3–6)" in _captions(at)
    assert _errors(at)  # the added items are empty
    values = [w for w in at.text_input if (w.key or "").endswith("_value")]
    labels = [w for w in at.text_input if (w.key or "").endswith("_label")]
    for value, label in zip(values, labels):
        if not value.value:
            value.input("12")
            label.input("đơn vị mới")
    at.run()
    assert not _errors(at)
    button(at, "compose_save").click().run()
    [saved] = _items(studio)
    assert len(studio.db.read(items.get_item, saved.id).version.content["items"]) == 6


def test_a_drafting_refusal_is_shown_and_the_working_copy_stays(studio, monkeypatch):
    """GIVEN a drafted Zalo message WHEN "Soạn lại" meets a StudioError (no relevant sources) THEN its message is
    shown and the draft being edited is unchanged."""
    from studio.drafting import service
    from studio.errors import StudioError

    at = _draft(studio.page("compose"), "chuyển đổi số trong công đoàn")
    before = _fields(at)["text"].value

    refusal = StudioError("draft_no_sources", topic="chuyển đổi số trong công đoàn", suggestion="Thêm tài liệu.")

    def refuse(*args, **kwargs):
        raise refusal

    monkeypatch.setattr(service, "draft", refuse)
    button(at, "compose_regen").click().run()
    shown = [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]  # Markdown escapes undone
    assert shown == [refusal.message("vi")] and "chuyển đổi số trong công đoàn" in shown[0]
    assert _fields(at)["text"].value == before and "Phương án 1" in texts(at)
    assert at.session_state["compose_work"]["request"]["variant"] == 0


def test_further_reading_style_findings_and_relevance_are_shown_beside_the_text(studio, monkeypatch):
    """GIVEN drafting returns further reading, a house-style finding on the text and a relevance note THEN the
    reading list names title and language, the finding is a warning under the text with its suggestion until its
    words are changed, and the relevance message is shown; the topic box is limited to 300 characters."""
    from studio.drafting import service
    from studio.drafting.models import SourceRef

    real = service.draft

    def with_extras(*args, **kwargs):
        result = real(*args, **kwargs)
        word = result.content["text"].split()[0]
        ref = SourceRef(marker="R1", passage_id="p9", doc_id="d9", title="Digital unions report", start=0, end=5,
                        lang="en", text="…")
        finding = {"field": "text", "start": 0, "end": len(word), "text": word, "rule": "capital", "suggestion": "xx",
                   "severity": "warn", "message": {"vi": "Viết hoa không đúng quy định", "en": "Wrong capital"}}
        return result.model_copy(update={"further_reading": [ref], "style": [finding],
                                         "relevance": {"ok": True, "score": 0.62, "covered": ["chuyển đổi số"],
                                                       "missing": [], "reason": ""}})

    monkeypatch.setattr(service, "draft", with_extras)
    at = _draft(studio.page("compose"), "chuyển đổi số trong công đoàn")
    assert at.text_input(key="compose_topic").proto.max_chars == 300
    assert "Đọc thêm: tài liệu bằng ngôn ngữ khác (1)" in [e.label for e in at.expander]
    assert any("Digital unions report — English" in m.value for m in at.markdown)
    style = [w.value for w in at.warning if w.value.startswith("Văn phong:")]
    assert len(style) == 1 and "Viết hoa không đúng quy định" in style[0] and "Gợi ý: “xx”" in style[0]
    assert "Mức độ kho tri thức bao quát chủ đề: 62%" in texts(at)
    word = at.session_state["compose_work"]["content"]["text"].split()[0]
    assert word != "Kính"
    _fields(at)["text"].input(_fields(at)["text"].value.replace(word, "Kính", 1)).run()
    assert not [w for w in at.warning if w.value.startswith("Văn phong:")]


def test_an_off_topic_request_is_refused_on_the_page_with_what_to_add(studio):
    """GIVEN the sample knowledge base WHEN an officer asks for an article on gold prices THEN the page says in
    Vietnamese that nothing was drafted and which words the knowledge base lacks, and no working copy appears;
    a topic on the knowledge base right after is drafted as usual."""
    at = _draft(studio.page("compose"), "Giá vàng SJC hôm nay bao nhiêu?", fmt="article")
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "Chưa soạn bản nháp" in errors[0] and "Giá vàng SJC" in errors[0], errors
    assert not _fields(at)
    at = _draft(at, "chuyển đổi số trong công đoàn")
    assert not at.error and _fields(at)
