"""Query translation through the configured OpenAI-compatible chat model (the door's guarded chat client).

Used only when STUDIO_LLM_BASE_URL is set. A failing endpoint never fails a search: the search
runs on the query as typed, and the translator remembers the failure for a minute so that a
down endpoint does not slow every query. In privacy mode the door masks personal data in the query;
the translations come back with the values restored, and one still holding a placeholder the model
garbled is dropped (it would search for the placeholder).
"""

from __future__ import annotations

import json
import re
import time
from collections import OrderedDict

_PROMPT = (
    "Translate the user's search query for a multilingual document search. Return only a JSON "
    'object with the keys "vi", "en", "de", "no" (Vietnamese, English, German, Norwegian '
    "bokmål), each the query in that language. Keep numbers, dates, names and document numbers "
    "such as 57-NQ/TW exactly as written."
)


class QueryTranslator:
    def __init__(self, chat) -> None:
        self.chat = chat  # a studio.outbound.door.GuardedChat
        self.base_url = chat.endpoint.base_url
        self.model = chat.endpoint.model
        self._cache: OrderedDict[str, list[str]] = OrderedDict()
        self.last_error: str | None = None
        self._down_until = 0.0

    def translate(self, query: str) -> list[str]:
        """The query in vi/en/de/no, or [] when the endpoint is down or answers nonsense."""
        if query in self._cache:
            self._cache.move_to_end(query)
            return self._cache[query]
        if time.monotonic() < self._down_until:
            return []
        try:
            exchange = self.chat.session()
            reply = exchange.send([("system", _PROMPT), ("human", query)])
            restored = [exchange.restore(t) for t in _parse(reply)]
            translations = [t for t in restored if not exchange.leftovers(t)]
            self.last_error = None
        except Exception as exc:  # any transport, API or privacy failure: search without translation
            self.last_error = f"{type(exc).__name__}: {str(exc)[:160]}"
            self._down_until = time.monotonic() + 60
            return []
        self._cache[query] = translations
        if len(self._cache) > 512:
            self._cache.popitem(last=False)
        return translations


def _parse(content: str) -> list[str]:
    match = re.search(r"\{.*\}", content, re.S)
    if not match:
        return []
    try:
        data = json.loads(match.group(0))
    except json.JSONDecodeError:
        return []
    if not isinstance(data, dict):
        return []
    return [str(v).strip() for k, v in data.items() if k in {"vi", "en", "de", "no"} and str(v).strip()]


def make_translator(settings, door=None) -> QueryTranslator | None:
    if not settings.llm_base_url or not settings.translate_queries:
        return None
    from studio.outbound import Door

    chat = (door or Door(settings)).chat(temperature=0)
    return QueryTranslator(chat) if chat is not None else None
