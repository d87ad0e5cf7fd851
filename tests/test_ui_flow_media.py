"""The Media page's attach box through AppTest on a real SQLite database: a rendered infographic is stored by
hash and attached, with its alt text, to one of the officer's items as a new version; without alt text
nothing is attached."""

from __future__ import annotations

import hashlib
from pathlib import Path

from studio.workflow import items
from tests.ui_flow_helpers import button, studio, texts  # noqa: F401
from tests.workflow_helpers import cheap_argon2, make_draft  # noqa: F401


def _card(studio):
    at = studio.page("media")
    button(at, "card_go").click().run()
    assert not at.exception, at.exception
    return at


def test_a_rendered_card_is_attached_with_its_alt_text_as_a_new_version(studio):
    """GIVEN lan's item at version 1 and a card made on the Media page WHEN she attaches it THEN version 2 refers to
    the PNG by its SHA-256 with the card's alt text, and the store holds exactly those bytes."""
    item_id = studio.db.run(items.create_item, "lan", make_draft()).id
    at = _card(studio)
    alt = at.text_area(key="card_attach_alt").value
    assert alt.startswith("Đồ họa thông tin:")
    assert at.selectbox(key="card_attach_item").value == item_id
    button(at, "card_attach_go").click().run()
    assert "Đã đính kèm 1 tệp vào mục #1: phiên bản 2." in texts(at)
    detail = studio.db.read(items.get_item, item_id)
    [ref] = detail.version.media
    assert (ref["kind"], ref["alt"], detail.current_version) == ("png", alt, 2)
    stored = next((Path(studio.settings.data_dir) / "media" / ref["sha256"][:2]).iterdir())
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == ref["sha256"] and ref["name"].endswith(".png")


def test_a_card_without_alt_text_is_not_attached(studio):
    item_id = studio.db.run(items.create_item, "lan", make_draft()).id
    at = _card(studio)
    at.text_area(key="card_attach_alt").input("   ")
    button(at, "card_attach_go").click().run()
    assert any("cần mô tả thay thế (alt)" in e.value for e in at.error)
    assert studio.db.read(items.get_item, item_id).current_version == 1


# ---------------------------------------------------------------- saved items in the structured editors

QUIZ = {"title": "Hiểu về công đoàn số", "questions": [
    {"question": "Trang tin đạt bao nhiêu lượt truy cập?", "options": ["gần 100 triệu", "10 triệu", "1 triệu", "1 tỷ"],
     "correct": 0, "explanation": "Trang tin đạt gần 100 triệu lượt truy cập. [S1]", "source": "S1"}]}
VIDEO = {"title": "Công đoàn số", "scenes": [
    {"on_screen_text": f"Cảnh số {n}", "narration": f"Lời dẫn cảnh {n}. [S1]", "duration_s": 5} for n in range(1, 5)]}
BRIEF = {"title": "Chuyển đổi số trong công đoàn", "kind": "key_figures", "items": [
    {"value": "gần 100 triệu", "label": "lượt truy cập", "source": "S1"},
    {"value": "gần 30.000", "label": "người theo dõi fanpage", "source": "S1"},
    {"value": "hơn 200", "label": "cán bộ học AI", "source": "S2"}]}


def saved_draft(fmt: str, content: dict):
    """A dumped-format draft of `fmt` citing two passages, S1 and S2."""
    from studio.drafting.models import Draft, DraftRequest, SourceRef

    return Draft(request=DraftRequest(format=fmt, topic="chuyển đổi số", lang="vi"), content=content,
                 citations=[SourceRef(marker=m, passage_id=m, doc_id=m, title=f"Tài liệu {m}", start=0, end=1,
                                      lang="vi", text="Trang tin đạt gần 100 triệu lượt truy cập.")
                            for m in ("S1", "S2")],
                 composer="offline", prompt_id=f"{fmt}.vi", prompt_version=1, created_at="2026-11-23T08:00:00+00:00")


def _box(at, item_id: int, suffix: str):
    """The Media page's editor box of item `item_id` (version 1) whose key ends with `suffix`."""
    prefix = f"media_ed_{item_id}_v1__"
    [found] = [w for kind in ("text_input", "text_area", "number_input", "radio", "selectbox")
               for w in getattr(at, kind) if (w.key or "") == prefix + suffix]
    return found


def test_saved_briefs_quizzes_and_scripts_open_in_the_editors_instead_of_json(studio):
    """GIVEN lan saved a quiz, a video script and an infographic brief (and minh's brief exists) WHEN she opens the
    Media page THEN each tab starts on her saved items of its kinds, in the structured editor, with no JSON box
    outside the advanced expander."""
    quiz = studio.db.run(items.create_item, "lan", saved_draft("quiz", QUIZ)).id
    video = studio.db.run(items.create_item, "lan", saved_draft("video_script", VIDEO)).id
    brief = studio.db.run(items.create_item, "lan", saved_draft("infographic_brief", BRIEF)).id
    studio.db.run(items.create_item, "hoa", saved_draft("infographic_brief", BRIEF))  # someone else's
    at = studio.page("media")
    assert at.radio(key="infographic_source").value == "saved" and at.radio(key="video_source").value == "saved"
    picker = at.selectbox(key="infographic_saved_item")
    assert picker.value == brief and len(picker.options) == 2  # her brief and quiz, newest first; not hoa's
    assert at.selectbox(key="video_saved_item").value == video and len(at.selectbox(key="video_saved_item").options) == 1
    assert _box(at, brief, "items_1_label").value == "người theo dõi fanpage"
    assert _box(at, video, "scenes_0_on_screen_text").value == "Cảnh số 1"
    assert not [w for w in at.text_area if w.key in ("infographic_json", "video_json")]
    picker.set_value(quiz).run()
    assert _box(at, quiz, "questions_0_question").value == "Trang tin đạt bao nhiêu lượt truy cập?"
    button(at, "card_go").click().run()  # a quiz is drawn as a quiz card of its first question
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["card_result"]["template"] == "quiz_card"
    assert "Trang tin đạt bao nhiêu lượt truy cập?" in at.text_area(key="card_attach_alt").value


def test_an_edited_brief_is_saved_as_a_new_version_and_rendered_with_the_edit(studio):
    """GIVEN lan's saved brief WHEN she changes a label and saves THEN version 2 holds it and the card's alt text
    reads it; an emptied label is named under its box, Save is disabled and the card is not made."""
    brief = studio.db.run(items.create_item, "lan", saved_draft("infographic_brief", BRIEF)).id
    at = studio.page("media")
    _box(at, brief, "items_0_label").input("").run()
    assert "Ô này không được để trống." in [e.value for e in at.error]
    assert button(at, "infographic_saved_save").disabled
    button(at, "card_go").click().run()
    assert "Hãy sửa các ô báo lỗi trước khi dựng." in [e.value for e in at.error]
    assert "card_result" not in at.session_state
    _box(at, brief, "items_0_label").input("lượt xem trang tin").run()
    button(at, "infographic_saved_save").click().run()
    assert "Đã lưu mục #1, phiên bản 2." in texts(at)
    detail = studio.db.read(items.get_item, brief)
    assert detail.current_version == 2 and detail.version.content["items"][0]["label"] == "lượt xem trang tin"
    button(at, "card_go").click().run()
    assert not at.exception and not at.error
    alt = at.text_area(key="card_attach_alt").value
    assert "gần 100 triệu lượt xem trang tin" in alt and "Nguồn: Tài liệu S1; Tài liệu S2." in alt
