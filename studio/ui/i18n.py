"""UI strings in Vietnamese and English, from strings.yaml; pages never hold literal UI text."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}


@lru_cache(maxsize=1)
def string_tables() -> dict[str, dict[str, str]]:
    with open(Path(__file__).with_name("strings.yaml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def translate(lang: str, key: str, /, **params) -> str:
    tables = string_tables()
    text = tables.get(lang, tables["vi"]).get(key) or tables["vi"][key]
    return text.format(**params) if params else text
