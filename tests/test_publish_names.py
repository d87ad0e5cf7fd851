"""Bundle file names: the title's slug keeps Vietnamese (NFC), media names cannot leave the media folder."""

from __future__ import annotations

import unicodedata

import pytest

from studio.publish.names import MAX_SLUG_CHARS, is_safe_entry, slugify, unsafe_name_reason


def test_slug_keeps_vietnamese_letters_in_nfc_whatever_form_the_title_was_typed_in():
    title = "Nghị quyết 57: Đổi mới công tác Công đoàn"
    expected = "nghị-quyết-57-đổi-mới-công-tác-công-đoàn"
    assert slugify(title) == expected
    assert slugify(unicodedata.normalize("NFD", title)) == expected
    assert unicodedata.is_normalized("NFC", slugify(unicodedata.normalize("NFD", title)))


@pytest.mark.parametrize("title, slug", [
    ("Mật  và  MẶT", "mật-và-mặt"),  # folding would make these the same word
    ("<script>alert(1)</script>", "script-alert-1-script"),
    ("Quỹ \"Mái ấm\" / 2025 — 100%", "quỹ-mái-ấm-2025-100"),
    ("snake_case__title", "snake-case-title"),
    ("../../etc/passwd", "etc-passwd"),
    ("Con", "con-1"),  # a Windows device name
    ("!!!", "item"),
])
def test_slug_keeps_letters_and_digits_only(title, slug):
    assert slugify(title) == slug


def test_long_titles_are_cut_at_a_word_boundary():
    slug = slugify("Hướng dẫn thực hiện Nghị quyết 57-NQ/TW về đột phá phát triển khoa học công nghệ đổi mới sáng tạo")
    assert len(slug) <= MAX_SLUG_CHARS and not slug.endswith("-")
    assert "hướng-dẫn-thực-hiện-nghị-quyết-57-nq-tw".startswith(slug[:20]) and slug.split("-")[-1] in (
        "khoa", "học", "công", "nghệ", "phát", "triển")


def test_an_empty_slug_falls_back_to_the_item():
    assert slugify("   ", fallback="item-42") == "item-42"


@pytest.mark.parametrize("name, reason", [
    ("infographic.png", None), ("đồ-họa thông tin.png", None), ("video.srt", None),
    ("../evil.png", "folder"), ("/etc/passwd", "folder"), ("..\\evil.png", "folder"), ("a/b.png", "folder"),
    ("C:evil.png", "drive"), (".hidden", "hidden"), ("..", "hidden"), ("", "empty"), (" a.png", "spaces"),
    ("a\nb.png", "control"), ("a\u202eb.png", "control"), ("ệ" * 80 + ".png", "long"),
])
def test_media_names_must_be_plain_file_names(name, reason):
    assert unsafe_name_reason(name) == reason


@pytest.mark.parametrize("entry, safe", [
    ("provenance.json", True), ("media/video.mp4", True), ("nghị-quyết.docx", True),
    ("../x", False), ("media/../../x", False), ("/abs", False), ("C:/x", False), ("a\\b", False), ("", False),
    ("media//x", False),
])
def test_entries_that_would_extract_outside_the_folder_are_unsafe(entry, safe):
    assert is_safe_entry(entry) is safe
