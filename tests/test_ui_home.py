"""The Home page through AppTest: my items and their states, my review queue, recent activity (mine, or
everything for admins), the composer and narration in use — in Vietnamese and English."""

from __future__ import annotations

import pytest

from studio.workflow import items, review
from tests.ui_helpers import PASSWORD, add_people, log_in, page, start_app, studio_env, texts  # noqa: F401
from tests.workflow_helpers import make_draft, shared_gate


def _act(fn, *args):
    from studio.config import load_settings
    from studio.workflow.db import open_database

    db = open_database(load_settings())
    try:
        with db.transaction() as s:
            return fn(s, *args)
    finally:
        db.dispose()


@pytest.fixture
def studio(studio_env, tmp_path, monkeypatch):
    """lan (officer): one draft and one item in review; hoa (officer+reviewer): one item in review;
    minh (reviewer). No speech endpoint and no espeak-ng on PATH."""
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    add_people({"lan": ["officer"], "hoa": ["officer", "reviewer"], "minh": ["reviewer"]})
    first = _act(items.create_item, "lan", make_draft()).id
    second = _act(items.create_item, "lan", make_draft()).id
    _act(items.check_item, second, shared_gate(), "lan")
    _act(review.submit_item, "lan", second)
    third = _act(items.create_item, "hoa", make_draft()).id
    _act(items.check_item, third, shared_gate(), "hoa")
    _act(review.submit_item, "hoa", third)
    return first, second, third


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_an_officer_sees_their_items_states_and_activity(studio):
    first, second, _ = studio
    at = page("home", "lan", ["officer"])
    assert at.title[0].value == "Trang chủ"
    assert _metrics(at) == {"Bản nháp đang soạn": "1", "Đang chờ duyệt": "1", "Đã duyệt hoặc đã đăng": "0"}
    mine = at.dataframe[0].value
    assert list(mine["Mục"]) == [f"#{second}", f"#{first}"]
    assert list(mine["Trạng thái"]) == ["Đang chờ duyệt", "Bản nháp"]
    assert set(mine["Định dạng"]) == {"Tin nhắn Zalo"}
    activity = at.dataframe[1].value
    assert {"tạo mục", "kiểm tra an toàn", "gửi duyệt"} <= set(activity["Hoạt động"])
    assert set(activity["Người thực hiện"]) == {"lan"}  # not hoa's item
    assert [s.value for s in at.subheader][:2] == ["Nội dung của tôi", "Hoạt động gần đây trên nội dung của tôi"]


def test_a_reviewer_sees_the_queue_without_their_own_items(studio):
    at = page("home", "minh", ["reviewer"])
    assert _metrics(at) == {"Chờ tôi duyệt": "2"}
    assert "Nội dung của tôi" not in [s.value for s in at.subheader]  # a reviewer writes nothing
    hoa = page("home", "hoa", ["officer", "reviewer"])
    assert _metrics(hoa)["Chờ tôi duyệt"] == "1"  # hoa wrote the other one: four eyes


def test_an_admin_sees_the_whole_studios_activity(studio):
    at = page("home", "admin", ["admin"])
    assert "Hoạt động gần đây (toàn hệ thống)" in [s.value for s in at.subheader]
    activity = at.dataframe[-1].value
    assert {"thêm tài khoản", "gửi duyệt"} <= set(activity["Hoạt động"])
    about = dict(zip(activity["Liên quan"], activity["Hoạt động"]))
    assert about["minh"] == "thêm tài khoản"  # account events name the account
    assert not at.metric  # no items and no queue of their own


def test_the_system_box_names_the_offline_composer_and_missing_narration(studio):
    text = texts(page("home", "lan", ["officer"]))
    assert "Ngoại tuyến: chưa cấu hình mô hình AI" in text
    assert "Không có giọng đọc: video chỉ có phụ đề" in text


def test_a_configured_model_and_speech_endpoint_are_named(studio, monkeypatch):
    monkeypatch.setenv("STUDIO_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("STUDIO_LLM_MODEL", "qwen2.5")
    monkeypatch.setenv("STUDIO_TTS_BASE_URL", "http://127.0.0.1:9/v1")
    text = texts(page("home", "lan", ["officer"], lang="en")).replace("\\", "")
    text = text.replace("\u200b", "")  # links broken by studio.ui.plain
    assert "AI model qwen2.5 at http://127.0.0.1:9/v1" in text
    assert "Voice: speech endpoint tts-1 (alloy) @ http://127.0.0.1:9/v1; if it fails" in text


def test_the_english_home_page(studio):
    at = page("home", "lan", ["officer"], lang="en")
    assert at.title[0].value == "Home"
    assert list(at.dataframe[0].value["State"]) == ["In review", "Draft"]
    assert set(at.dataframe[1].value["Activity"]) >= {"item created", "submitted for review"}


def test_home_is_the_first_page_after_login_and_refuses_without_one(studio):
    at = log_in(start_app(), "lan", PASSWORD)
    assert at.title[0].value == "Trang chủ" and _metrics(at)["Đang chờ duyệt"] == "1"
    nobody = page("home", None)
    assert [e.value for e in nobody.error] == ["Hãy đăng nhập để mở trang này."] and not nobody.dataframe
