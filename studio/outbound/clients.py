"""The client factory: the only module under studio/ that builds a client for an OpenAI-compatible endpoint.

One retry policy for every feature: the openai client's own `max_retries` (`STUDIO_ENDPOINT_RETRIES`), which
retries 408/409/429/5xx answers, timeouts and broken connections with exponential back-off and waits as long as
the server's Retry-After asks (up to two minutes). One timeout per endpoint (`STUDIO_LLM_TIMEOUT_S`,
`STUDIO_EMBEDDINGS_TIMEOUT_S`, `STUDIO_TTS_TIMEOUT_S`). A client is built on first use and reused by every
caller with the same endpoint, key and timeout (LangChain's ChatOpenAI wraps the same openai client). The
admin's connection test is the one exception: `probe_client` makes exactly one request, so the time it shows
is the endpoint's and a failure is reported at once.

Features never see these clients: they receive guarded ones from `studio.outbound.door.Door`, whose privacy
step masks personal data first. tests/test_privacy_door.py fails when another module builds a client.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

KINDS = ("chat", "embeddings", "tts")
_PREFIX = {"chat": "llm", "embeddings": "embeddings", "tts": "tts"}  # kind → prefix of its Settings fields
TRUST_LEVELS = ("external", "internal")


@dataclass(frozen=True)
class Endpoint:
    """One configured endpoint, as plain data."""
    kind: str              # chat | embeddings | tts
    base_url: str
    model: str
    api_key: str | None = None
    timeout_s: float = 30.0
    retries: int = 2
    trust: str = "external"  # external: personal data is masked in privacy mode; internal: raw text may go
    voice: str | None = None

    @property
    def external(self) -> bool:
        return self.trust != "internal"


def settings_field(kind: str, name: str) -> str:
    """The Settings field holding `name` (base_url, model, api_key, timeout_s, trust) of an endpoint kind."""
    return f"{_PREFIX[kind]}_{name}"


def endpoint_from_settings(settings, kind: str) -> Endpoint | None:
    """The endpoint of `kind` the settings configure, or None (the embedded default is used)."""
    base_url = getattr(settings, settings_field(kind, "base_url"))
    if not base_url:
        return None
    return Endpoint(kind, base_url, getattr(settings, settings_field(kind, "model")),
                    getattr(settings, settings_field(kind, "api_key")),
                    float(getattr(settings, settings_field(kind, "timeout_s"))), int(settings.endpoint_retries),
                    getattr(settings, settings_field(kind, "trust")), settings.tts_voice if kind == "tts" else None)


def openai_client(endpoint: Endpoint):
    """The shared `openai.OpenAI` client of an endpoint (embeddings, speech, and under ChatOpenAI)."""
    return _openai_client(endpoint.base_url, endpoint.api_key or "not-needed", endpoint.timeout_s, endpoint.retries)


def chat_client(endpoint: Endpoint, temperature: float):
    """A LangChain ChatOpenAI over the endpoint's shared openai client."""
    return _chat_client(endpoint.base_url, endpoint.model, endpoint.api_key or "not-needed", endpoint.timeout_s,
                        endpoint.retries, temperature)


def probe_client(base_url: str, api_key: str | None, timeout_s: float):
    """A one-off client for the connection test: one request, no retry (see the module docstring)."""
    import openai

    return openai.OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=timeout_s, max_retries=0)


@lru_cache(maxsize=32)
def _openai_client(base_url: str, api_key: str, timeout_s: float, retries: int):
    import openai

    return openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout_s, max_retries=retries)


@lru_cache(maxsize=32)
def _chat_client(base_url: str, model: str, api_key: str, timeout_s: float, retries: int, temperature: float):
    from langchain_openai import ChatOpenAI

    root = _openai_client(base_url, api_key, timeout_s, retries)
    return ChatOpenAI(base_url=base_url, model=model, api_key=api_key, timeout=timeout_s, max_retries=retries,
                      temperature=temperature, root_client=root, client=root.chat.completions)
