"""One registry of settings, read from STUDIO_* environment variables and an optional studio.toml.

Validated once at start and handed to the core as a frozen object; the README's configuration
table is checked against this class by tests/test_docs.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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
    embeddings_base_url: str | None = Field(
        None, description="OpenAI-compatible embeddings endpoint; unset = embedded WordLlama model."
    )
    embeddings_model: str = Field("text-embedding-3-small", description="Model name for the embeddings endpoint.")
    embeddings_api_key: str | None = Field(None, description="API key for the embeddings endpoint.")
    llm_base_url: str | None = Field(
        None, description="OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, llama.cpp server)."
    )
    llm_model: str = Field("gpt-4o-mini", description="Chat model name at the endpoint.")
    llm_api_key: str | None = Field(None, description="API key for the chat endpoint.")
    llm_timeout_s: float = Field(30, gt=0, description="Timeout of one call to the chat endpoint, in seconds.")
    search_weight_words: float = Field(
        1.0, ge=0, le=5, description="Weight of same-language word matches against concept matches (1.0)."
    )
    search_weight_vector: float = Field(
        0.1, ge=0, le=5, description="Weight of vector similarity; raise it with a multilingual embeddings endpoint."
    )
    translate_queries: bool = Field(
        True, description="Translate search queries through the chat endpoint when one is set."
    )
    privacy_mode: bool = Field(
        True, description="Replace personal data by placeholders before a prompt reaches an external model."
    )
    safety_policy: Path | None = Field(
        None, description="A safety policy YAML replacing the shipped one (types → block/warn/info)."
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
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

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
    """Read the environment (and studio.toml) once; keyword overrides win."""
    return Settings(**overrides)
