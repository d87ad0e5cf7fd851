"""Query translation through the configured OpenAI-compatible chat model (LangChain ChatOpenAI).

Used only when STUDIO_LLM_BASE_URL is set. A failing endpoint never fails a search: the search
runs on the query as typed, and the translator remembers the failure for a minute so that a
down endpoint does not slow every query.
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
    def __init__(self, base_url: str, model: str, api_key: str | None, timeout: float = 30.0) -> None:
        self.base_url = base_url
        self.model = model
        self._api_key = api_key
        self._timeout = timeout
        self._llm = None
        self._cache: OrderedDict[str, list[str]] = OrderedDict()
        self.last_error: str | None = None
        self._down_until = 0.0

    def _chat(self):
        if self._llm is None:
            from langchain_openai import ChatOpenAI

            self._llm = ChatOpenAI(
                base_url=self.base_url, model=self.model, api_key=self._api_key or "not-needed",
                timeout=self._timeout, max_retries=1, temperature=0,
            )
        return self._llm

    def translate(self, query: str) -> list[str]:
        """The query in vi/en/de/no, or [] when the endpoint is down or answers nonsense."""
        if query in self._cache:
            self._cache.move_to_end(query)
            return self._cache[query]
        if time.monotonic() < self._down_until:
            return []
        try:
            reply = self._chat().invoke([("system", _PROMPT), ("human", query)])
            translations = _parse(str(reply.content))
            self.last_error = None
        except Exception as exc:  # any transport or API failure: search without translation
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


def make_translator(settings) -> QueryTranslator | None:
    if not settings.llm_base_url or not settings.translate_queries:
        return None
    return QueryTranslator(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout_s)
