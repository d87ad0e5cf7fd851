"""Model endpoints an admin configures in the app: chat (LLM), embeddings and speech (TTS).

`test_connection` makes ONE real request to an OpenAI-compatible endpoint — a 1-token chat completion,
one embedding, or a short speech clip — and reports ok, latency and a message in the user's language;
it never raises. `save_endpoint` writes the values to `<data dir>/studio.toml` (see `studio.config`),
where every later `load_settings()` picks them up; API keys are shown back only as a masked hint.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from studio.config import environment_overrides, save_settings
from studio.errors import MESSAGES, StudioError

KINDS = ("chat", "embeddings", "tts")
# kind → the Settings fields that hold its base URL, model, API key, trust (and voice)
FIELDS: dict[str, dict[str, str]] = {
    "chat": {"base_url": "llm_base_url", "model": "llm_model", "api_key": "llm_api_key", "trust": "llm_trust"},
    "embeddings": {"base_url": "embeddings_base_url", "model": "embeddings_model", "api_key": "embeddings_api_key",
                   "trust": "embeddings_trust"},
    "tts": {"base_url": "tts_base_url", "model": "tts_model", "api_key": "tts_api_key", "voice": "tts_voice",
            "trust": "tts_trust"},
}
PROBE_TEXT = {"chat": "ping", "embeddings": "công đoàn", "tts": "Xin chào."}


@dataclass(frozen=True)
class ConnectionResult:
    ok: bool
    latency_ms: int | None  # None when no answer came back
    code: str               # a studio.errors.MESSAGES code
    params: dict = field(default_factory=dict)

    def message(self, lang: str = "vi") -> str:
        table = MESSAGES[self.code]
        return table.get(lang, table["en"]).format(**self.params)


@dataclass(frozen=True)
class EndpointView:
    """What the Admin page shows of one endpoint: never the API key itself."""
    kind: str
    base_url: str | None
    model: str
    voice: str | None
    key_hint: str | None       # e.g. "••••3f9a", None when no key is set
    overridden_by: list[str]   # STUDIO_* variables set in the environment: they win over saved values
    trust: str = "external"    # external | internal (studio.outbound: what the privacy step does)
    privacy: str = "none"      # masked | raw-internal | raw-privacy-off | none (no endpoint)


def mask_key(key: str | None) -> str | None:
    if not key:
        return None
    return "••••" + key[-4:] if len(key) >= 12 else "••••"


def endpoint_view(settings, kind: str) -> EndpointView:
    from studio.outbound import privacy_state

    names = FIELDS[kind]
    return EndpointView(kind, getattr(settings, names["base_url"]), getattr(settings, names["model"]),
                        getattr(settings, names["voice"]) if "voice" in names else None,
                        mask_key(getattr(settings, names["api_key"])), environment_overrides(names.values()),
                        getattr(settings, names["trust"]), privacy_state(settings, kind))


def check_base_url(base_url: str) -> str:
    """The URL stripped, or StudioError when it is not http(s)://host[:port][/path]."""
    url = (base_url or "").strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise StudioError("endpoint_url_invalid", url=url) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise StudioError("endpoint_url_invalid", url=url)
    return url.rstrip("/")


def check_api_key(api_key: str | None) -> str | None:
    """The key stripped; StudioError when it could not travel in an HTTP header (printable ASCII only)."""
    key = (api_key or "").strip()
    if key and not (key.isascii() and key.isprintable()):
        raise StudioError("endpoint_key_invalid")
    return key or None


def test_connection(kind: str, base_url: str, model: str, api_key: str | None = None, timeout: float = 10.0,
                    voice: str = "alloy") -> ConnectionResult:
    """One real request to the endpoint; the outcome as plain data (never an exception). The probe texts are
    fixed words with no personal data; the client comes from the factory (`studio.outbound.clients`)."""
    import openai

    from studio.outbound.clients import probe_client

    if kind not in KINDS:
        raise ValueError(f"unknown endpoint kind {kind!r}")
    try:
        url = check_base_url(base_url)
        api_key = check_api_key(api_key)
    except StudioError as err:
        return ConnectionResult(False, None, err.code, err.params)
    model = (model or "").strip()
    if not model:
        return ConnectionResult(False, None, "endpoint_model_missing", {})
    client = probe_client(url, api_key, timeout)
    start = time.perf_counter()
    try:
        detail = _probe(client, kind, model, voice)
    except openai.APITimeoutError:
        return ConnectionResult(False, None, "endpoint_timeout", {"url": url, "seconds": f"{timeout:g}"})
    except openai.APIConnectionError:
        return ConnectionResult(False, None, "endpoint_unreachable", {"url": url})
    except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
        return _failed(start, "endpoint_auth", url=url, status=exc.status_code)
    except openai.NotFoundError:
        return _failed(start, "endpoint_not_found", url=url, model=model)
    except openai.APIStatusError as exc:
        return _failed(start, "endpoint_http", url=url, status=exc.status_code)
    except Exception as exc:  # noqa: BLE001 - a server that answers something else: a message, not a traceback
        return _failed(start, "endpoint_bad_answer", url=url, detail=type(exc).__name__)
    ms = _ms(start)
    return ConnectionResult(True, ms, f"endpoint_ok_{kind}", {"url": url, "model": model, "ms": ms, **detail})


def _probe(client, kind: str, model: str, voice: str) -> dict:
    if kind == "chat":
        response = client.chat.completions.create(model=model, max_tokens=1,
                                                  messages=[{"role": "user", "content": PROBE_TEXT[kind]}])
        if not response.choices:
            raise ValueError("no choices")
        return {}
    if kind == "embeddings":
        response = client.embeddings.create(model=model, input=[PROBE_TEXT[kind]])
        vector = response.data[0].embedding if response.data else None
        if not vector:
            raise ValueError("no embedding")
        return {"dim": len(vector)}
    response = client.audio.speech.create(model=model, voice=voice or "alloy", input=PROBE_TEXT[kind],
                                          response_format="wav")
    audio = response.read()
    if not audio:
        raise ValueError("empty audio")
    return {"kb": f"{len(audio) / 1024:.0f}"}


def _ms(start: float) -> int:
    return max(1, round((time.perf_counter() - start) * 1000))


def _failed(start: float, code: str, **params) -> ConnectionResult:
    return ConnectionResult(False, _ms(start), code, params)


def save_endpoint(settings, kind: str, base_url: str, model: str, api_key: str | None = None,
                  voice: str | None = None, timeout: float = 10.0, trust: str | None = None) -> EndpointView:
    """Save one endpoint under the data dir; the caller reloads settings (and the resources built from them).

    An empty `base_url` switches the endpoint off (offline composer, embedded embeddings, espeak-ng).
    `api_key`: None keeps the saved key, "" removes it. An embeddings endpoint is saved only after a
    successful test: every search goes through it, so a broken one would break search for everybody
    (a broken chat or speech endpoint only falls back to the offline composer or espeak-ng).
    `trust`: "external" or "internal" (None keeps the saved value)."""
    from studio.outbound.clients import TRUST_LEVELS

    names = FIELDS[kind]
    check_api_key(api_key)
    if trust is not None and trust not in TRUST_LEVELS:
        raise ValueError(f"trust: external | internal, not {trust!r}")
    updates: dict[str, str | None] = {}
    if (base_url or "").strip():
        url = check_base_url(base_url)
        model = (model or "").strip()
        if not model:
            raise StudioError("endpoint_model_missing")
        if kind == "embeddings":
            key = getattr(settings, names["api_key"]) if api_key is None else api_key
            result = test_connection(kind, url, model, key, timeout)
            if not result.ok:
                raise StudioError(result.code, **result.params)
        updates = {names["base_url"]: url, names["model"]: model}
        if "voice" in names:
            updates[names["voice"]] = (voice or "").strip() or "alloy"
    else:
        updates = {names["base_url"]: ""}  # blank = unset, and it hides a working-dir studio.toml value
    if api_key is not None:
        updates[names["api_key"]] = check_api_key(api_key) or ""
    if trust is not None:
        updates[names["trust"]] = trust
    save_settings(settings.data_dir, updates)
    from studio.config import load_settings

    return endpoint_view(load_settings(data_dir=settings.data_dir), kind)


test_connection.__test__ = False  # a product function whose name pytest would otherwise collect
