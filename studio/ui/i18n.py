"""UI strings in Vietnamese and English, from strings.yaml and the strings_<area>.yaml beside it; pages never hold literal UI text.

The names of finding types (`finding_type_<CODE>`) come from the registry of finding types
(studio.safety.finding_types), not from strings.yaml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}


@lru_cache(maxsize=1)
def string_tables() -> dict[str, dict[str, str]]:
    from studio.safety.finding_types import REGISTRY

    here = Path(__file__).parent
    with open(here / "strings.yaml", encoding="utf-8") as fh:
        tables = yaml.safe_load(fh)
    for extra in sorted(here.glob("strings_*.yaml")):  # one file per area (strings_style.yaml, …)
        with open(extra, encoding="utf-8") as fh:
            for lang, table in (yaml.safe_load(fh) or {}).items():
                clash = set(table) & set(tables[lang])
                if clash:
                    raise ValueError(f"{extra.name} redefines {sorted(clash)[:3]}")
                tables[lang].update(table)
    for lang, table in tables.items():
        table.update({f"finding_type_{code}": spec.label(lang) for code, spec in REGISTRY.items()})
    return tables


def translate(lang: str, key: str, /, **params) -> str:
    tables = string_tables()
    text = tables.get(lang, tables["vi"]).get(key) or tables["vi"][key]
    return text.format(**params) if params else text
