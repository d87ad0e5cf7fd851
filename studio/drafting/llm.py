"""The model path: any OpenAI-compatible chat endpoint, through the guarded chat client of `studio.outbound`.

JSON comes back as text (portable across OpenAI, vLLM, Ollama and llama.cpp servers, which
differ in their support for response_format); it is parsed into the format's pydantic model,
and an invalid reply is sent back once or twice with the validation error for repair. Transport
failures are retried by the client itself (one policy for every endpoint, see `studio.outbound.clients`);
each failure that remains ends as a StudioError whose message says what to do. In privacy mode the door
masks the prompt and the values are restored in the parsed reply. Tokens are budgeted by characters
(tiktoken would download its encodings at first use, which fails offline).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

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


class ChatModel:
    """One chat endpoint; `generate_structured` returns a validated pydantic model."""

    def __init__(self, chat, repairs: int = 2) -> None:
        self.chat = chat  # a studio.outbound.door.GuardedChat
        self.repairs = repairs  # extra calls when the JSON does not validate

    @property
    def name(self) -> str:
        return self.chat.endpoint.model

    def exchange(self, lang: str | None = None):
        """A new exchange with the model: its placeholders, restored values and notices (`ChatSession`)."""
        return self.chat.session(lang)

    def complete(self, messages: list[tuple[str, str]], on_token: Callable[[str], None] | None = None,
                 exchange=None) -> str:
        """The reply as the model wrote it; streamed (restored) to `on_token` when given."""
        import openai

        endpoint = self.chat.endpoint
        exchange = exchange or self.exchange()
        try:
            return exchange.send(messages, on_token)
        except openai.AuthenticationError:
            raise StudioError("llm_auth", url=endpoint.base_url) from None
        except openai.NotFoundError:
            raise StudioError("llm_not_found", url=endpoint.base_url, model=endpoint.model) from None
        except openai.RateLimitError:
            raise StudioError("llm_rate_limited", url=endpoint.base_url, attempts=endpoint.retries + 1) from None
        except openai.APIStatusError as exc:
            raise StudioError("llm_unavailable", url=endpoint.base_url, detail=f"HTTP {exc.status_code}") from None
        except openai.APIError as exc:  # timeouts and connection errors, after the client's retries
            raise StudioError("llm_unavailable", url=endpoint.base_url, detail=type(exc).__name__) from None

    def generate_structured(self, prompt: str, schema: type[BaseModel], format_name: str,
                            on_token: Callable[[str], None] | None = None, exchange=None) -> BaseModel:
        """The reply parsed into `schema`, with the real values restored; `exchange` (see `exchange()`) tells the
        caller how many values were masked and which placeholders could not be restored."""
        exchange = exchange or self.exchange()
        messages: list[tuple[str, str]] = [("system", SYSTEM), ("human", prompt)]
        error = ""
        for attempt in range(self.repairs + 1):
            reply = self.complete(messages, on_token if attempt == 0 else None, exchange)
            try:
                return schema.model_validate(exchange.restore(parse_json_object(reply)))
            except (ValueError, ValidationError) as exc:
                error = _short_error(exc)
                messages += [("ai", reply), ("human", REPAIR.format(error=error))]
        raise StudioError("llm_bad_output", format=format_name, attempts=self.repairs, detail=error)


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


def make_model(settings, door=None) -> ChatModel | None:
    """The chat model the settings configure (None: the offline composer writes), behind the door."""
    from studio.outbound import Door

    chat = (door or Door(settings)).chat(temperature=0.2)
    return ChatModel(chat) if chat is not None else None
