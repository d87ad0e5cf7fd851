"""In a real browser: an officer edits her saved quiz, video script and infographic brief on the Media page with the
structured editors (boxes, a radio for the correct answer, a live word counter, add an item) and saves each as a
new version; the database then holds exactly her edits. No JSON is typed or shown.

Runs like tests/test_browser.py (Debian's Chromium through Playwright, the app as `streamlit run app.py`).
"""

from __future__ import annotations

import pytest

from studio.config import load_settings
from studio.workflow import items
from studio.workflow.db import init_db
from tests.browser_app import add_user, running_app, studio_env, vi
from tests.test_browser import PASSWORDS, TIMEOUT, Flow, item_label, page, sync_api  # noqa: F401 - fixtures
from tests.test_ui_flow_media import BRIEF, QUIZ, VIDEO, saved_draft

pytestmark = pytest.mark.slow


@pytest.fixture
def seeded(tmp_path, page):  # noqa: F811 - `page` is the browser fixture imported above
    """The app with officer lan, who saved a quiz (#1), a video script (#2) and an infographic brief (#3)."""
    data = tmp_path / "data"
    env = studio_env(data, PASSWORDS["admin"])
    add_user(env, "lan", "officer", PASSWORDS["lan"])
    db = init_db(load_settings(data_dir=data).database)
    ids = {fmt: db.run(items.create_item, "lan", saved_draft(fmt, content)).id
           for fmt, content in (("quiz", QUIZ), ("video_script", VIDEO), ("infographic_brief", BRIEF))}
    with running_app(env, tmp_path / "streamlit.log") as running:
        yield running, db, ids
    db.dispose()


def _panel(flow):
    """The tab shown (hidden tab panels are not matched by role)."""
    return flow.main.get_by_role("tabpanel")


def _fill(flow, locator, text: str) -> None:
    flow.expect(locator).to_be_visible(timeout=TIMEOUT)
    flow.fill(locator, text)


def _pick(flow, panel, option) -> None:
    """Choose `option` in the tab's item picker (a click may land while the picker is still being redrawn: the list
    is opened again until it shows)."""
    picker = flow.choice("media_saved_pick", within=panel)
    options = flow.page.get_by_role("option", name=option)
    for _ in range(5):
        picker.click()
        try:
            flow.expect(options).to_be_visible(timeout=3_000)
            break
        except AssertionError:
            flow.page.keyboard.press("Escape")
    options.click()
    flow.settle()
    flow.expect(picker).to_have_value(option)


def _json_boxes_shown(browser_page) -> int:
    """Text boxes on screen holding a JSON object (the advanced editor's box is inside a closed expander, where
    `checkVisibility` is false though it keeps its size)."""
    return browser_page.evaluate("""() => [...document.querySelectorAll('textarea')]
        .filter(t => t.checkVisibility() && t.value.trim().startsWith('{')).length""")


def _save(flow, item_id: int) -> None:
    button = _panel(flow).get_by_role("button", name=vi("media_saved_save"), exact=True)
    flow.expect(button).to_be_enabled(timeout=TIMEOUT)
    button.click()
    flow.settle()
    flow.success("media_saved_ok", id=item_id, version=2)


def test_officer_edits_quiz_script_and_brief_with_the_structured_editors(sync_api, page, seeded):  # noqa: F811
    """GIVEN lan's saved quiz, video script and infographic brief
    WHEN on the Media page she changes the brief's first label and adds a fourth item, rewrites the quiz's question
    and option B and picks D as the correct answer, changes the script's first on-screen line (the counter follows)
    and its duration, saving each
    THEN each item is at version 2 holding exactly those changes, and no JSON box was ever shown."""
    app, db, ids = seeded
    expect = sync_api.expect
    flow = Flow(page, expect)
    page.goto(app.base_url)
    flow.settle()
    flow.log_in("lan")
    flow.go("nav_media")
    panel = _panel(flow)

    # the infographic tab opens on her newest item of its kinds: the brief, in the structured editor
    expect(flow.choice("media_saved_pick", within=panel)).to_have_value(item_label(ids["infographic_brief"], "draft", 1))
    labels = panel.get_by_label(vi("ed_field_label"), exact=True)
    expect(labels).to_have_count(3)
    _fill(flow, labels.nth(0), "lượt xem trang tin")
    panel.get_by_role("button", name=vi("ed_add_items"), exact=True).click()
    flow.settle()
    expect(labels).to_have_count(4)
    expect(panel.get_by_text(vi("ed_figure_count", n=4, min=3, max=6), exact=True)).to_be_visible()
    _fill(flow, panel.get_by_label(vi("ed_field_value"), exact=True).nth(3), "92,23%")
    _fill(flow, labels.nth(3), "hoàn thành bài thi")
    assert _json_boxes_shown(page) == 0
    flow.shot("editors-brief")
    _save(flow, ids["infographic_brief"])

    # the quiz, picked in the same tab
    _pick(flow, panel, item_label(ids["quiz"], "draft", 1))
    _fill(flow, panel.get_by_label(vi("ed_field_question"), exact=True), "Trang tin của Công đoàn đạt bao nhiêu lượt?")
    _fill(flow, panel.get_by_label(vi("ed_field_option", letter="B"), exact=True), "khoảng 50 triệu")
    panel.get_by_test_id("stRadio").filter(has_text=vi("ed_field_correct")).get_by_text("D", exact=True).click()
    flow.settle()
    flow.shot("editors-quiz")
    _save(flow, ids["quiz"])

    # the video script, in the other tab
    flow.main.get_by_role("tab", name=vi("media_tab_video")).click()
    flow.settle()
    panel = _panel(flow)
    line = panel.get_by_label(vi("ed_field_on_screen_text"), exact=True).nth(0)
    _fill(flow, line, "Công đoàn số gần hơn với đoàn viên")
    expect(panel.get_by_text(vi("ed_words", n=8, max=12), exact=True)).to_be_visible()
    _fill(flow, panel.get_by_label(vi("ed_field_duration_s", max=30), exact=True).nth(0), "8")
    expect(panel.get_by_text(vi("ed_figure_total_duration", total=23, min=15, max=90), exact=True)).to_be_visible()
    assert _json_boxes_shown(page) == 0
    flow.shot("editors-video")
    _save(flow, ids["video_script"])

    brief = db.read(items.get_item, ids["infographic_brief"])
    assert brief.current_version == 2
    assert [(i["value"], i["label"]) for i in brief.version.content["items"]] == [
        ("gần 100 triệu", "lượt xem trang tin"), ("gần 30.000", "người theo dõi fanpage"),
        ("hơn 200", "cán bộ học AI"), ("92,23%", "hoàn thành bài thi")]
    quiz = db.read(items.get_item, ids["quiz"])
    question = quiz.version.content["questions"][0]
    assert quiz.current_version == 2 and question["question"] == "Trang tin của Công đoàn đạt bao nhiêu lượt?"
    assert question["options"] == ["gần 100 triệu", "khoảng 50 triệu", "1 triệu", "1 tỷ"] and question["correct"] == 3
    video = db.read(items.get_item, ids["video_script"])
    scenes = video.version.content["scenes"]
    assert video.current_version == 2
    assert (scenes[0]["on_screen_text"], scenes[0]["duration_s"]) == ("Công đoàn số gần hơn với đoàn viên", 8.0)
    assert [s["on_screen_text"] for s in scenes[1:]] == ["Cảnh số 2", "Cảnh số 3", "Cảnh số 4"]
