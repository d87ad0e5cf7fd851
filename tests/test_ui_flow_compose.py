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
    assert [e.value for e in at.error] == ["Hãy nhập chủ đề (ít nhất 2 ký tự)."]
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

    button(at, "compose_regen").click().run()
    assert not at.exception
    assert "Bản nháp mới: Tin nhắn Zalo (chưa lưu)" in texts(at)
    assert _fields(at)["text"].value == first  # offline composer: same request, same draft, fresh editor
    button(at, "compose_save").click().run()
    assert len(_items(studio)) == 1
