"""The saved brand kit: precedence, validation before writing, atomic replacement, reset."""

from __future__ import annotations

import io

import pytest
import yaml
from PIL import Image

from studio.config import load_settings
from studio.errors import StudioError
from studio.media import brand_store
from studio.media.brand import load_brand
from studio.media.brand_store import brand_origin, current_brand, reset_brand, save_brand
from studio.media.infographic import render_infographic

LOGO_RGB = (214, 40, 40)
KIT_VI = """\
name: "Công đoàn Ngân hàng Việt Nam"
colors:
  primary: "#005BAA"
  secondary: "#B3261E"
footer: "Công đoàn Ngân hàng Việt Nam · congdoannganhang.vn"
""".encode("utf-8")


def _png(size=(240, 80), color=(0, 91, 170, 255), fmt="PNG") -> bytes:
    buf = io.BytesIO()
    img = Image.new("RGBA", size, color)
    (img.convert("RGB") if fmt == "JPEG" else img).save(buf, fmt)
    return buf.getvalue()


@pytest.fixture
def settings(tmp_path):
    return load_settings(data_dir=tmp_path / "data", brand_kit=None, lang="vi")


def _snapshot(settings) -> dict[str, bytes]:
    """Every file under the data dir (the saved kit and any leftovers), by relative path."""
    root = settings.data_dir
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def saved(settings):
    """GIVEN a kit saved by an admin, with its logo."""
    save_brand(settings, KIT_VI, ("logo công đoàn.png", _png(color=LOGO_RGB + (255,))))
    before = _snapshot(settings)
    assert set(before) == {"brand/kit.yaml", "brand/logo.png"}
    return before


def test_without_a_saved_kit_the_shipped_default_is_used(settings):
    assert brand_origin(settings) == "default"
    assert current_brand(settings) == load_brand()


def test_a_vietnamese_kit_with_a_logo_round_trips_and_renders(settings, saved):
    kit = current_brand(settings)
    assert brand_origin(settings) == "saved"
    assert kit.name == "Công đoàn Ngân hàng Việt Nam"
    assert kit.footer == "Công đoàn Ngân hàng Việt Nam · congdoannganhang.vn"
    assert kit.colors.primary == "#005BAA" and kit.colors.text == "#1B1F24"  # unspecified colours: defaults
    # stored as readable UTF-8, not as \u escapes, under a fixed file name (the upload's name is not a path)
    assert "Công đoàn Ngân hàng Việt Nam" in saved["brand/kit.yaml"].decode("utf-8")
    assert kit.logo == settings.data_dir / "brand" / "logo.png"
    img = render_infographic({"title": "Thử", "lang": "vi", "points": ["Một", "Hai"]}, "key_points", "square", kit)
    assert img.getpixel((5, 5)) == (0, 91, 170)  # the accent bar in the saved primary colour
    assert img.info["layout"][0].text == "CÔNG ĐOÀN NGÂN HÀNG VIỆT NAM"
    header = img.crop((img.width // 2, 0, img.width, img.height // 8))
    assert LOGO_RGB in {rgb for _, rgb in header.getcolors(1 << 16)}  # the logo is drawn top right


def test_a_jpeg_logo_is_kept_as_jpeg(settings):
    kit = save_brand(settings, KIT_VI, ("logo.jpeg", _png(fmt="JPEG")))
    assert kit.logo.name == "logo.jpg" and Image.open(kit.logo).format == "JPEG"


@pytest.mark.parametrize("kit_yaml, code, words", [
    (b"name: [Cong doan\n", "brand_invalid", "YAML 2:1"),
    (b"- just\n- a list\n", "brand_invalid", "YAML mapping"),
    (b"colours:\n  primary: '#005BAA'\n", "brand_invalid", "colours"),
    (b"colors:\n  primary: blue\n", "brand_bad_colour", "“primary” = “blue”"),
    (b"colors:\n  text: '#BBBBBB'\n", "brand_low_contrast", "text ↔ background"),
    (b"colors:\n  primary: '#7FA7E0'\n", "brand_low_contrast", "on_primary ↔ primary"),
    (b"fonts:\n  heading: /etc/passwd\n", "brand_fonts_fixed", "STUDIO_BRAND_KIT"),
    (b"logo: logo.png\n", "brand_logo_missing", "logo.png"),
    ("name: Công đoàn\n".encode("cp1258"), "bad_encoding", "UTF-8"),
])
def test_a_bad_kit_is_refused_with_a_message_and_the_saved_kit_is_unchanged(settings, saved, kit_yaml, code, words):
    with pytest.raises(StudioError) as err:
        save_brand(settings, kit_yaml, None, name="kit-moi.yaml")
    assert err.value.code == code
    assert words in err.value.message("vi")
    assert _snapshot(settings) == saved  # nothing written, no staging folder left behind
    assert current_brand(settings).name == "Công đoàn Ngân hàng Việt Nam"


def test_messages_are_in_vietnamese_and_english(settings):
    with pytest.raises(StudioError) as err:
        save_brand(settings, b"colors:\n  muted: '#CCCCCC'\n")
    assert err.value.message("vi").startswith("Màu chữ và màu nền không đủ tương phản")
    assert "Bộ nhận diện đang dùng không thay đổi" in err.value.message("vi")
    assert err.value.message("en").startswith("Text and background colours lack contrast")


def _truncated_png() -> bytes:
    buf = io.BytesIO()
    Image.effect_noise((300, 300), 64).convert("RGB").save(buf, "PNG")  # noise: many compressed bytes
    return buf.getvalue()[: len(buf.getvalue()) // 2]


@pytest.mark.parametrize("name, data, code", [
    ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "brand_bad_logo"),   # a PNG signature and garbage
    ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "brand_bad_logo"),
    ("logo.gif", None, "brand_bad_logo"),                                  # a real image, wrong format
    ("logo.png", "truncated", "brand_bad_logo"),                           # header fine, pixel data cut
    ("logo.png", "wide", "brand_logo_pixels"),
    ("logo.png", "heavy", "too_large"),
])
def test_a_corrupt_or_unsuitable_logo_is_refused_and_the_saved_kit_is_unchanged(settings, saved, name, data, code):
    if data is None:
        data = _png(fmt="GIF")
    elif data == "truncated":
        data = _truncated_png()
    elif data == "wide":
        data = _png(size=(5000, 10))
    elif data == "heavy":
        data = b"\x89PNG" + b"\x00" * (brand_store.MAX_LOGO_BYTES + 1)
    with pytest.raises(StudioError) as err:
        save_brand(settings, KIT_VI.replace("Việt Nam".encode(), b"VN"), (name, data))
    assert err.value.code == code and name in err.value.message("vi")
    assert _snapshot(settings) == saved
    assert current_brand(settings).name == "Công đoàn Ngân hàng Việt Nam"


def test_a_failure_while_swapping_folders_restores_the_previous_kit(settings, saved, monkeypatch):
    """GIVEN a saved kit WHEN renaming the new kit into place fails THEN the old kit is back, nothing left over."""
    real_replace = brand_store.os.replace

    def failing_replace(src, dst):
        if "brand-new" in str(src):
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(brand_store.os, "replace", failing_replace)
    with pytest.raises(OSError):
        save_brand(settings, b"name: Khac\n")
    monkeypatch.undo()
    assert _snapshot(settings) == saved
    assert current_brand(settings).name == "Công đoàn Ngân hàng Việt Nam"


def test_a_new_kit_without_logo_replaces_the_old_kit_and_its_logo(settings, saved):
    kit = save_brand(settings, b"name: Cong doan co so\n")
    assert kit.name == "Cong doan co so" and kit.logo is None
    assert set(_snapshot(settings)) == {"brand/kit.yaml"}


def test_the_setting_wins_over_the_saved_kit(settings, saved, tmp_path):
    site_kit = tmp_path / "site.yaml"
    site_kit.write_text(yaml.safe_dump({"name": "Kit của tỉnh", "colors": {"primary": "#1D4F91"}},
                                       allow_unicode=True), encoding="utf-8")
    with_setting = settings.model_copy(update={"brand_kit": site_kit})
    assert brand_origin(with_setting) == "setting"
    assert current_brand(with_setting).name == "Kit của tỉnh"


def test_a_broken_kit_named_by_the_setting_is_reported(settings, tmp_path):
    broken = settings.model_copy(update={"brand_kit": tmp_path / "missing.yaml"})
    with pytest.raises(StudioError) as err:
        current_brand(broken)
    assert err.value.code == "brand_invalid" and "missing.yaml" in err.value.message("vi")


def test_reset_forgets_the_saved_kit(settings, saved):
    kit = reset_brand(settings)
    assert kit == load_brand() and brand_origin(settings) == "default"
    assert _snapshot(settings) == {}
    assert reset_brand(settings) == load_brand()  # resetting twice is harmless
