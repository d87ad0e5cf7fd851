"""The model path: any OpenAI-compatible chat endpoint through LangChain's ChatOpenAI.

JSON comes back as text (portable across OpenAI, vLLM, Ollama and llama.cpp servers, which
differ in their support for response_format); it is parsed into the format's pydantic model,
and an invalid reply is sent back once or twice with the validation error for repair. Transport
failures are retried with exponential back-off; each failure ends as a StudioError whose
message says what to do. Tokens are budgeted by characters (tiktoken would download its
encodings at first use, which fails offline).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

from studio.errors import StudioError

SYSTEM = (
    "You are a careful writing assistant for a Vietnamese trade union's communication office. "
    "You only use the numbered source passages you are given and cite them with their markers."
)
REPAIR = (
    "Your previous reply was not valid for the required JSON schema: {error}\n"
    "Reply again with only the corrected JSON object, nothing else."
)


@dataclass
class ModelSettings:
    base_url: str
    model: str
    api_key: str | None = None
    timeout_s: float = 30.0
    attempts: int = 3  # transport attempts per call (429, 5xx, timeouts, connection errors)
    repairs: int = 2  # extra calls when the JSON does not validate
    backoff_s: float = 1.0


class ChatModel:
    """One chat endpoint; `generate_structured` returns a validated pydantic model."""

    def __init__(self, settings: ModelSettings, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self._sleep = sleep
        self._llm = None

    @property
    def name(self) -> str:
        return self.settings.model

    def _client(self):
        if self._llm is None:
            from langchain_openai import ChatOpenAI

            self._llm = ChatOpenAI(
                base_url=self.settings.base_url, model=self.settings.model,
                api_key=self.settings.api_key or "not-needed", timeout=self.settings.timeout_s,
                max_retries=0, temperature=0.2,
            )
        return self._llm

    def complete(self, messages: list[tuple[str, str]], on_token: Callable[[str], None] | None = None) -> str:
        """The reply text; streamed token by token to `on_token` when given. Retries with back-off."""
        import openai

        last: Exception | None = None
        for attempt in range(1, self.settings.attempts + 1):
            try:
                if on_token is None:
                    return str(self._client().invoke(messages).content)
                parts: list[str] = []
                for chunk in self._client().stream(messages):
                    text = str(chunk.content or "")
                    if text:
                        parts.append(text)
                        on_token(text)
                return "".join(parts)
            except openai.AuthenticationError:
                raise StudioError("llm_auth", url=self.settings.base_url) from None
            except openai.NotFoundError:
                raise StudioError("llm_not_found", url=self.settings.base_url, model=self.settings.model) from None
            except (openai.RateLimitError, openai.InternalServerError, openai.APITimeoutError,
                    openai.APIConnectionError) as exc:
                last = exc
            except openai.APIStatusError as exc:  # other 4xx: not worth retrying
                raise StudioError("llm_unavailable", url=self.settings.base_url,
                                  detail=f"HTTP {exc.status_code}") from None
            if attempt < self.settings.attempts:
                self._sleep(self.settings.backoff_s * 2 ** (attempt - 1))
        if isinstance(last, openai.RateLimitError):
            raise StudioError("llm_rate_limited", url=self.settings.base_url, attempts=self.settings.attempts)
        detail = type(last).__name__ if last else "no reply"
        if isinstance(last, openai.APIStatusError):
            detail = f"HTTP {last.status_code}"
        raise StudioError("llm_unavailable", url=self.settings.base_url, detail=detail)

    def generate_structured(self, prompt: str, schema: type[BaseModel], format_name: str,
                            on_token: Callable[[str], None] | None = None) -> BaseModel:
        messages: list[tuple[str, str]] = [("system", SYSTEM), ("human", prompt)]
        error = ""
        for attempt in range(self.settings.repairs + 1):
            reply = self.complete(messages, on_token if attempt == 0 else None)
            try:
                return schema.model_validate(parse_json_object(reply))
            except (ValueError, ValidationError) as exc:
                error = _short_error(exc)
                messages += [("ai", reply), ("human", REPAIR.format(error=error))]
        raise StudioError("llm_bad_output", format=format_name, attempts=self.settings.repairs, detail=error)


def parse_json_object(text: str) -> dict:
    """The JSON object in a reply, tolerating code fences and prose around it."""
    fenced = re.search(r"```(?:json)?\s*(\{.*\})\s*```", text, re.S)
    candidate = fenced.group(1) if fenced else text[text.find("{"): text.rfind("}") + 1]
    if not candidate:
        raise ValueError("no JSON object in the reply")
    data = json.loads(candidate)
    if not isinstance(data, dict):
        raise ValueError("the reply is JSON but not an object")
    return data


def _short_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
    return str(exc)[:300]


def budget_sources(texts: list[str], max_chars: int = 16000) -> int:
    """How many passages fit the prompt budget (characters, ~4 per token)."""
    used = 0
    for n, text in enumerate(texts):
        used += len(text) + 16
        if used > max_chars:
            return max(1, n)
    return len(texts)


def make_model(settings) -> ChatModel | None:
    if not settings.llm_base_url:
        return None
    return ChatModel(ModelSettings(settings.llm_base_url, settings.llm_model, settings.llm_api_key,
                                   settings.llm_timeout_s))
