"""The Media page through AppTest: infographic preview and download, video render with captions,
narration availability, refusal without the officer role; and the media service it calls. (The brand kit
moved to the Admin page: tests/test_ui_admin.py.)

AppTest cannot switch to a callable page of `st.navigation`, so the script renders the page
function directly. Download bytes are read from the media store AppTest gives the script run:
exactly what the browser would receive.
"""

from __future__ import annotations

import re

import io
import json
import os
import shutil
from pathlib import Path

import pytest
import streamlit as st
from PIL import Image
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from studio.errors import StudioError
from studio.media import service

SHORT_SCRIPT = {
    "title": "Công đoàn số: gần hơn với đoàn viên",
    "scenes": [
        {"on_screen_text": "Gần 100 triệu lượt truy cập", "narration": "Trang tin đạt gần 100 triệu lượt truy cập. [S1]",
         "duration_s": 1},
        {"on_screen_text": "Gần 30.000 người theo dõi", "narration": "Fanpage có gần 30.000 người theo dõi. [S1]",
         "duration_s": 1},
        {"on_screen_text": "Hơn 200 cán bộ học AI", "narration": "Hơn 200 cán bộ dự tập huấn ứng dụng AI. [S1]",
         "duration_s": 1},
        {"on_screen_text": "Cùng chia sẻ!", "narration": "Hãy chia sẻ với đồng nghiệp. [S1]", "duration_s": 1},
    ],
}


def _page(lang: str = "vi"):
    import streamlit as st

    st.session_state.setdefault("lang", lang)
    st.session_state.setdefault("user", {"name": "lan", "roles": ["officer"], "must_change_password": False})
    from studio.ui.pages import media

    media.render()


class _Stores:
    """Every media store AppTest creates (one per run); the last one holds the current page's files."""

    created: list = []


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STUDIO_LANG", "vi")
    monkeypatch.delenv("STUDIO_BRAND_KIT", raising=False)
    monkeypatch.delenv("STUDIO_TTS_BASE_URL", raising=False)

    class RecordingStorage(app_test_module.MemoryMediaFileStorage):
        def __init__(self, endpoint):
            super().__init__(endpoint)
            _Stores.created.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", RecordingStorage)
    st.cache_resource.clear()
    st.cache_data.clear()

    def make(lang: str = "vi") -> AppTest:
        at = AppTest.from_function(_page, args=(lang,), default_timeout=120)
        at.run()
        assert not at.exception, at.exception
        return at

    yield make
    _Stores.created.clear()
    st.cache_resource.clear()


@pytest.fixture
def no_narrator(tmp_path, monkeypatch):
    """No speech endpoint and no espeak-ng on PATH."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("STUDIO_TTS_BASE_URL", raising=False)


def _download(at, key: str):
    """(bytes, file name, mime type) a download button serves."""
    url = at.get("download_button")
    button = next(b for b in url if b.key == key)
    stored = _Stores.created[-1].get_file(button.proto.url.rsplit("/", 1)[-1])
    return stored.content, stored.filename, stored.mimetype


def _alt(at) -> str:
    """The alt text shown under the preview."""
    return next(m.value for m in at.markdown if m.value.startswith(("Đồ họa thông tin:", "Infographic:")))


def _set_json(at, kind: str, text: str):
    if at.radio(key=f"{kind}_source").value != "text":  # set_value formats options in the test's language
        at.radio(key=f"{kind}_source").set_value("text")
    at.text_area(key=f"{kind}_json").input(text)
    return at


# ---------------------------------------------------------------- infographic

def test_infographic_preview_renders_and_downloads_a_png_of_the_chosen_size(app):
    """GIVEN the Vietnamese example spec WHEN the square size is chosen and the card made
    THEN a preview, its alt text and a PNG download of 1080×1080 with an ASCII file name."""
    at = app()
    assert at.title[0].value == "Đa phương tiện"
    assert json.loads(at.text_area(key="infographic_json").value)["lang"] == "vi"  # the example, pre-filled
    at.selectbox(key="card_size").select("square")
    at.button(key="card_go").click().run()
    assert not at.exception and not at.error
    assert len(at.get("image")[0].value) == 1
    alt = _alt(at)
    assert alt.startswith("Đồ họa thông tin: Công đoàn Ngân hàng Việt Nam") and "gần 30.000 người theo dõi fanpage" in alt
    assert "Nội dung có sự hỗ trợ của AI" in alt
    data, name, mime = _download(at, "card_png")
    img = Image.open(io.BytesIO(data))
    assert img.format == "PNG" and img.size == (1080, 1080) and mime == "image/png"
    assert name == "cong-doan-ngan-hang-viet-nam-truyen-thong-so-qua-nhung-con.png"  # whole words, ≤ 60
    assert not [k for k in at.get("download_button") if k.key == "card_pdf"]


def test_a4_offers_a_pdf_and_template_and_language_are_applied(app):
    at = app()
    at.selectbox(key="card_size").select("a4")
    at.selectbox(key="card_template").select("quote")
    at.selectbox(key="card_lang_vi").select("en")
    at.button(key="card_go").click().run()
    assert not at.error
    data, name, mime = _download(at, "card_pdf")
    assert data.startswith(b"%PDF") and name.endswith(".pdf") and mime == "application/pdf"
    assert Image.open(io.BytesIO(_download(at, "card_png")[0])).size == (2480, 3508)
    alt = _alt(at)
    assert alt.startswith("Infographic:") and "“Chuyển đổi số là tương lai của ngành Ngân hàng.”" in alt
    assert at.get("image")[0].captions == ["Trích dẫn · 2480×3508 px"]


def test_invalid_json_shows_the_vietnamese_error_and_keeps_the_last_preview(app):
    at = app()
    at.button(key="card_go").click().run()
    first = _download(at, "card_png")[0]
    _set_json(at, "infographic", '{"title": "Thiếu dấu ngoặc",\n "items": [').run()
    at.button(key="card_go").click().run()
    assert [e.value for e in at.error] == [
        "“JSON” không phải JSON hợp lệ (dòng 2, cột 12): hãy kiểm tra dấu phẩy, dấu ngoặc và dấu nháy kép."]
    assert _download(at, "card_png")[0] == first  # the previous card is still shown and offered


@pytest.mark.parametrize("text, message", [
    ('["a", "b"]', "“JSON” phải là một đối tượng JSON {…} có ít nhất trường “title”."),
    ('{"title": "Câu hỏi", "template": "quiz_card", "question": "Ai?"}', "Không vẽ được infographic từ “JSON”:"),
    ('{"title": "X", "template": "bieu_do"}', "unknown template 'bieu_do'"),
])
def test_a_spec_the_renderer_cannot_use_is_refused_with_a_message(app, text, message):
    at = _set_json(app(), "infographic", text).run()
    at.button(key="card_go").click().run()
    assert not at.exception
    assert len(at.error) == 1 and message in at.error[0].value
    assert not at.get("image") and "card_result" not in at.session_state


def test_the_english_page_has_the_english_example_and_messages(app, monkeypatch):
    # AppTest formats option labels outside the script run, where the UI language is the setting's
    monkeypatch.setenv("STUDIO_LANG", "en")
    at = app("en")
    assert at.title[0].value == "Media"
    assert json.loads(at.text_area(key="infographic_json").value)["lang"] == "en"
    _set_json(at, "infographic", "{").run()
    at.button(key="card_go").click().run()
    assert at.error[0].value.startswith("“JSON” is not valid JSON (line 1, column 2)")


def test_switching_the_ui_language_switches_an_untouched_example_only(app):
    at = app()
    edited = json.dumps(SHORT_SCRIPT, ensure_ascii=False)
    at.text_area(key="video_json").input(edited)
    at.session_state["lang"] = "en"
    at.run()
    assert json.loads(at.text_area(key="infographic_json").value)["lang"] == "en"
    assert at.text_area(key="video_json").value == edited
    assert at.selectbox(key="card_lang_en").value == "en"  # labels follow the UI language by default


def test_an_uploaded_spec_is_rendered(app):
    at = app()
    at.radio(key="infographic_source").set_value("upload").run()
    at.button(key="card_go").click().run()
    assert [e.value for e in at.error] == ["Hãy chọn tệp JSON để tải lên."]
    spec = {"title": "Mốc thời gian Nghị quyết 57", "template": "timeline", "items": [
        {"value": "22/12/2024", "label": "Bộ Chính trị ban hành Nghị quyết 57-NQ/TW", "source": "S1"},
        {"value": "26/5/2025", "label": "Ngành Ngân hàng phát động phong trào thi đua", "source": "S2"},
        {"value": "30/7/2025", "label": "BIDV ra nghị quyết số hóa công tác Đảng", "source": "S2"}]}
    at.file_uploader(key="infographic_upload").set_value(
        ("moc-thoi-gian.json", json.dumps(spec, ensure_ascii=False).encode("utf-8"), "application/json")).run()
    at.button(key="card_go").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "22/12/2024 — Bộ Chính trị ban hành Nghị quyết 57-NQ/TW" in _alt(at)
    assert _download(at, "card_png")[1] == "moc-thoi-gian-nghi-quyet-57.png"


def test_the_last_compose_draft_is_the_default_source(app):
    """GIVEN an infographic brief drafted on the Compose page THEN the Media page offers it first,
    and its footer names the cited documents."""
    from studio.drafting.models import Draft, DraftRequest, SourceRef

    draft = Draft(
        request=DraftRequest(format="infographic_brief", topic="chuyển đổi số", lang="vi"),
        content={"title": "Chuyển đổi số trong công đoàn", "kind": "key_figures", "items": [
            {"value": "gần 100 triệu", "label": "lượt truy cập", "source": "S1"},
            {"value": "gần 30.000", "label": "người theo dõi fanpage", "source": "S1"},
            {"value": "hơn 200", "label": "cán bộ học AI", "source": "S2"},
            {"value": "92,23%", "label": "hoàn thành bài thi", "source": "S4"}]},
        citations=[SourceRef(marker=m, passage_id=m, doc_id=m, title=title, start=0, end=1, lang="vi", text="…")
                   for m, title in (("S1", "Chuyển đổi số ngành Ngân hàng"), ("S2", "Khóa học AI"),
                                    ("S3", "Không được trích"), ("S4", "Chuyển đổi số ngành Ngân hàng"))],
        composer="offline", prompt_id="infographic_brief.vi", prompt_version=1, created_at="2025-01-01T00:00:00Z")
    at = AppTest.from_function(_page, default_timeout=120)
    at.session_state["last_draft"] = draft.model_dump(mode="json")
    at.run()
    assert at.radio(key="infographic_source").value == "draft"
    assert at.radio(key="video_source").options == ["Nhập JSON", "Tải tệp JSON lên"]  # not a video script
    at.button(key="card_go").click().run()
    alt = _alt(at)
    assert "Nguồn: Chuyển đổi số ngành Ngân hàng; Khóa học AI." in alt  # the documents, in first-citation order
    assert "S1" not in alt and "Không được trích" not in alt


# ---------------------------------------------------------------- video

def test_video_render_gives_an_mp4_with_srt_and_vtt_downloads(app, no_narrator):
    """GIVEN a 4-scene script WHEN rendered at the quick-preview size THEN an H.264 MP4 of 540×960
    lasting intro + scenes + outro, and SRT/VTT files whose cues carry the narration."""
    from studio.media.video import probe_video

    at = _set_json(app(), "video", json.dumps(SHORT_SCRIPT, ensure_ascii=False)).run()
    at.selectbox(key="video_size").select("preview")
    at.button(key="video_go").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    mp4, name, mime = _download(at, "video_mp4")
    assert mp4[4:8] == b"ftyp" and mime == "video/mp4" and name == "cong-doan-so-gan-hon-voi-doan-vien.mp4"
    path = Path(at.session_state["video_result"]["mp4"])
    assert path.read_bytes() == mp4
    info = probe_video(path)
    assert (info["codec"], info["width"], info["height"]) == ("h264", 540, 960)
    assert abs(info["duration_s"] - (1.5 + 4 + 2.0)) < 0.2
    srt, srt_name, _ = _download(at, "video_srt")
    vtt, vtt_name, _ = _download(at, "video_vtt")
    assert srt_name.endswith(".srt") and vtt_name.endswith(".vtt")
    srt, vtt = srt.decode("utf-8"), vtt.decode("utf-8")
    assert srt.startswith("1\n00:00:01,") and "Fanpage có gần 30.000 người theo dõi." in srt and "[S1]" not in srt
    assert vtt.startswith("WEBVTT") and "Hãy chia sẻ với đồng nghiệp." in vtt
    assert "540×960 px · 7.5 giây · không có lời dẫn" in [c.value for c in at.caption]
    assert sorted(p.name for p in path.parent.iterdir()) == ["video.mp4", "video.srt", "video.vtt"]  # no temp files


def test_a_bad_video_script_is_refused_before_rendering(app, no_narrator):
    short = {**SHORT_SCRIPT, "scenes": SHORT_SCRIPT["scenes"][:2]}
    at = _set_json(app(), "video", json.dumps(short, ensure_ascii=False)).run()
    at.button(key="video_go").click().run()
    assert len(at.error) == 1 and at.error[0].value.startswith("Không dựng được video từ “JSON”: scenes:")
    assert not at.get("progress") and "video_result" not in at.session_state


def test_narration_is_disabled_with_an_explanation_when_no_narrator_is_available(app, no_narrator):
    at = app()
    box = at.checkbox(key="video_narrate")
    assert box.disabled and box.value is False
    assert any(c.value.startswith("Không có giọng đọc: video chỉ có phụ đề") for c in at.caption)


def test_narration_is_offered_when_espeak_ng_is_on_path(app, tmp_path, monkeypatch):
    fake = tmp_path / "espeak-bin" / "espeak-ng"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    at = app()
    box = at.checkbox(key="video_narrate")
    assert not box.disabled and box.value is True
    shown = [re.sub(r"\\([^\sA-Za-z0-9])", r"\1", c.value) for c in at.caption]  # Markdown escapes undone
    assert "Giọng đọc: espeak-ng (vi), chạy ngoại tuyến trên máy này." in shown


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_a_narrated_video_has_an_audio_track(app):
    from studio.media.video import probe_video

    at = _set_json(app(), "video", json.dumps(SHORT_SCRIPT, ensure_ascii=False)).run()
    at.selectbox(key="video_size").select("preview")
    at.button(key="video_go").click().run()
    assert not at.error, [e.value for e in at.error]
    result = at.session_state["video_result"]
    assert result["narration"] == "espeak" and result["audio"] is True
    assert "Audio: aac" in probe_video(result["mp4"])["raw"]
    assert any(c.value.endswith("lời dẫn espeak-ng") for c in at.caption)


def _wav(seconds: float = 2.0, rate: int = 22050) -> bytes:
    import math
    import struct
    import wave

    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * k / rate)))
                               for k in range(int(seconds * rate))))
    return buf.getvalue()


def test_uploaded_music_gives_the_video_an_audio_track(app, no_narrator):
    from studio.media.video import probe_video

    at = _set_json(app(), "video", json.dumps(SHORT_SCRIPT, ensure_ascii=False)).run()
    at.selectbox(key="video_size").select("preview")
    at.file_uploader(key="video_music").set_value(("nhạc nền.wav", _wav(), "audio/wav")).run()
    at.button(key="video_go").click().run()
    assert not at.error, [e.value for e in at.error]
    result = at.session_state["video_result"]
    assert result["music"] is True and result["audio"] is True and result["narration"] == "none"
    assert "Audio: aac" in probe_video(result["mp4"])["raw"]
    assert "540×960 px · 7.5 giây · không có lời dẫn, có nhạc nền" in [c.value for c in at.caption]


def test_a_damaged_music_file_is_refused_and_the_last_video_kept(app, no_narrator):
    at = _set_json(app(), "video", json.dumps(SHORT_SCRIPT, ensure_ascii=False)).run()
    at.selectbox(key="video_size").select("preview")
    at.button(key="video_go").click().run()
    first = _download(at, "video_mp4")[0]
    at.file_uploader(key="video_music").set_value(("hong.mp3", b"ID3 this is not audio" * 50, "audio/mpeg")).run()
    at.button(key="video_go").click().run()
    assert len(at.error) == 1 and "hong.mp3" in at.error[0].value
    assert _download(at, "video_mp4")[0] == first
    folder = Path(at.session_state["video_result"]["mp4"]).parent
    assert sorted(p.name for p in folder.iterdir()) == ["music.mp3", "video.mp4", "video.srt", "video.vtt"]


def test_music_of_an_unsupported_type_or_size_is_refused(tmp_path):
    with pytest.raises(StudioError) as err:
        service.store_upload(tmp_path, "nhạc.exe", b"MZ", service.MUSIC_TYPES, 1000, stem="music")
    assert err.value.code == "unsupported_type"
    with pytest.raises(StudioError) as err:
        service.store_upload(tmp_path, "nhạc.mp3", b"\0" * 1001, service.MUSIC_TYPES, 1000, stem="music")
    assert err.value.code == "too_large"
    assert list(tmp_path.iterdir()) == []
    assert service.store_upload(tmp_path, "Nhạc nền.OGG", b"OggS", service.MUSIC_TYPES, 1000, stem="music").name \
        == "music.ogg"


def test_an_interrupted_render_is_reported_as_cancelled(app):
    """A render stopped by a Cancel click leaves `video_running` set; the next run says so, once."""
    at = AppTest.from_function(_page, default_timeout=120)
    at.session_state["video_running"] = True
    at.run()
    assert [w.value for w in at.warning] == ["Đã hủy dựng video; không để lại tệp dở dang nào."]
    at.run()
    assert not at.warning


def test_the_page_refuses_a_user_without_the_officer_role(app):
    at = AppTest.from_function(_page, default_timeout=120)
    at.session_state["user"] = {"name": "minh", "roles": ["reviewer"], "must_change_password": False}
    at.run()
    assert [e.value for e in at.error] == [
        "Bạn không có quyền mở trang này; trang dành cho vai trò: Cán bộ truyền thông."]
    assert not at.tabs and not at.button and not at.text_area


# ---------------------------------------------------------------- service

def test_examples_render_in_every_template(tmp_path):
    """The example specs carry the fields of all six templates, so switching templates just works."""
    from studio.media.brand import load_brand
    from studio.media.infographic import TEMPLATES

    for lang in ("vi", "en"):
        spec = service.parse_spec(service.example_text("infographic", lang), "infographic")
        for template in TEMPLATES:
            card = service.make_card(spec, template, "square", lang, load_brand(), tmp_path)
            assert card.template == template and (card.width, card.height) == (1080, 1080)
        script = service.parse_spec(service.example_text("video", lang).encode("utf-8"), "video")
        assert 15 <= sum(s["duration_s"] for s in script["scenes"]) <= 90


def test_session_folders_are_pruned_after_a_day(tmp_path):
    from studio.config import load_settings

    settings = load_settings(data_dir=tmp_path)
    old = service.session_folder(settings, "a" * 32)
    (old / "card.png").write_bytes(b"x")
    for p in (old / "card.png", old):
        os.utime(p, (0, 0))
    fresh = service.session_folder(settings, "b" * 32)
    assert fresh.is_dir() and not old.exists()
    with pytest.raises(ValueError):
        service.session_folder(settings, "../../etc")
