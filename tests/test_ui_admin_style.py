"""The Admin page's house-style tab through AppTest: the organisation name reaches the brand kit, greetings and
number rules are saved, bad rules are refused in the user's language with nothing written, a broken site file
is reported and the default used, and the preview checks a pasted text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studio.config import load_settings
from tests.ui_helpers import add_people, page, studio_env  # noqa: F401

ADMIN = ("admin", ["admin"])


@pytest.fixture
def admin(studio_env):  # noqa: F811
    add_people({})
    return studio_env


def _style_file() -> Path:
    return Path(os.environ["STUDIO_DATA_DIR"]) / "style.yaml"


def _captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_saving_the_organisation_name_and_a_greeting_names_the_brand_kit(admin):
    """GIVEN the default house style WHEN the admin sets the organisation name and the leaders' greeting and
    saves THEN the file is written, the brand kit (cards, videos, certificates) carries the name, and the
    composer's greeting for leaders is the new one."""
    from studio.media.brand_store import current_brand
    from studio.style.store import load_style

    at = page("admin", *ADMIN)
    assert "Đang dùng văn phong mặc định của phần mềm." in _captions(at)
    assert at.button(key="style_reset").disabled
    editor = at.data_editor(key="style_terms")
    assert editor.editing_mode == "dynamic" and "57-NQ/TW" in list(editor.value["preferred"])
    at.text_input(key="style_org_vi").input("Công đoàn Ngân hàng Việt Nam")
    at.text_input(key="style_greeting_leaders_vi").input("Kính gửi đồng chí Chủ tịch,")
    at.button(key="style_save").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [
        "Đã lưu văn phong; tên tổ chức “Công đoàn Ngân hàng Việt Nam” sẽ được in trên thẻ, video và giấy chứng nhận mới."]
    assert "Đang dùng văn phong do quản trị viên lưu." in _captions(at)
    assert "Tên tổ chức lấy từ Văn phong & thuật ngữ: “Công đoàn Ngân hàng Việt Nam”." in _captions(at)
    loaded = load_style(load_settings())
    assert loaded.origin == "saved" and loaded.guide.greeting("vi", "leaders") == "Kính gửi đồng chí Chủ tịch,"
    assert len(loaded.guide.terms) == len(editor.value)  # the table came back whole
    kit = current_brand(load_settings())
    assert (kit.name, kit.footer) == ("Công đoàn Ngân hàng Việt Nam", "Công đoàn Ngân hàng Việt Nam")

    at.button(key="style_reset").click().run()
    assert [s.value for s in at.success] == ["Đã quay về văn phong mặc định."]
    assert not _style_file().exists() and current_brand(load_settings()).name == ""
    assert at.text_input(key="style_org_vi").value == ""


@pytest.mark.parametrize("lang, message", [
    ("vi", "Chưa lưu văn phong: numbers, vi, dấu thập phân: "),
    ("en", "The house style was not saved: numbers, vi, decimal separator: "),
])
def test_the_same_separator_twice_is_refused_in_the_users_language(admin, lang, message):
    at = page("admin", *ADMIN, lang=lang)
    assert at.selectbox(key="style_decimal_vi").value == ","
    at.selectbox(key="style_decimal_vi").select_index(0).run()  # ".": the thousands separator already
    at.button(key="style_save").click().run()
    assert len(at.error) == 1, [e.value for e in at.error]
    assert at.error[0].value.startswith(message.split(": ")[0])
    assert {"vi": "dấu hàng nghìn và dấu thập phân đều là “.”",
            "en": "thousands and decimal separators are both “.”"}[lang] in at.error[0].value
    assert not _style_file().exists()


def test_a_broken_site_file_is_reported_and_the_default_is_used(admin):
    _style_file().parent.mkdir(parents=True, exist_ok=True)
    _style_file().write_text("organisation: [unclosed\n", encoding="utf-8")
    at = page("admin", *ADMIN)
    assert "Tệp văn phong đã lưu bị lỗi; đang dùng văn phong mặc định." in _captions(at)
    assert any("YAML 2:1" in e.value and "đang dùng văn phong mặc định" in e.value for e in at.error)
    assert not at.button(key="style_reset").disabled
    at.button(key="style_reset").click().run()
    assert not _style_file().exists() and "Đang dùng văn phong mặc định của phần mềm." in _captions(at)


def test_the_preview_lists_findings_of_a_pasted_text(admin):
    at = page("admin", *ADMIN)
    at.text_area(key="style_preview_text").input(
        "Triển khai Nghị quyết 57/NQWT, có 12,300 NLĐ tham gia [S1].").run()
    table = next(d.value for d in at.dataframe if "Đoạn" in d.value.columns)
    assert list(table["Đoạn"]) == ["57/NQWT", "12,300", "NLĐ"]
    assert list(table["Nên viết"]) == ["57-NQ/TW", "12.300", "đoàn viên, người lao động (NLĐ)"]
    assert "Có 3 chỗ cần xem lại:" in [m.value for m in at.markdown]
    at.text_area(key="style_preview_text").input("Nghị quyết 57-NQ/TW ngày 22/12/2024 có 12.300 người.").run()
    assert [s.value for s in at.success] == ["Không thấy lỗi văn phong nào."]
