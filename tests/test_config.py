"""Settings: environment variables, studio.toml, validation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from studio.config import PROJECT_ROOT, Settings, default_data_dir


def test_defaults_use_data_beside_the_app_and_the_sample_knowledge_base(monkeypatch):
    for name in list(__import__("os").environ):
        if name.startswith("STUDIO_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(PROJECT_ROOT / "tests")  # no studio.toml here
    settings = Settings()
    assert settings.data_dir == default_data_dir() == PROJECT_ROOT / "data"
    assert settings.sample_dir == PROJECT_ROOT / "knowledge"
    assert settings.chroma_url is None and settings.llm_base_url is None
    assert settings.lang == "vi" and settings.max_upload_mb == 50


def test_environment_variables_override_defaults(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("STUDIO_LANG", "en")
    monkeypatch.setenv("STUDIO_MAX_UPLOAD_MB", "12.5")
    monkeypatch.setenv("STUDIO_CHROMA_URL", "")
    settings = Settings()
    assert settings.data_dir == tmp_path / "d"
    assert settings.lang == "en" and settings.max_upload_bytes == int(12.5 * 2**20)
    assert settings.chroma_url is None  # blank means unset


def test_studio_toml_is_read_and_environment_wins(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "studio.toml").write_text('lang = "en"\nchunk_chars = 1200\n', encoding="utf-8")
    monkeypatch.delenv("STUDIO_LANG", raising=False)
    monkeypatch.delenv("STUDIO_CHUNK_CHARS", raising=False)
    assert Settings().chunk_chars == 1200 and Settings().lang == "en"
    monkeypatch.setenv("STUDIO_LANG", "vi")
    assert Settings().lang == "vi"


@pytest.mark.parametrize(("name", "value"), [("STUDIO_LANG", "fr"), ("STUDIO_MAX_UPLOAD_MB", "-1"),
                                              ("STUDIO_CHUNK_CHARS", "10")])
def test_invalid_values_are_rejected(monkeypatch, tmp_path, name, value):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_settings_are_frozen(tmp_path):
    settings = Settings(data_dir=tmp_path)
    with pytest.raises(ValidationError):
        settings.lang = "en"
