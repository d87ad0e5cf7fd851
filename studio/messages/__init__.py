"""Every user-facing message of `StudioError`, by area, in Vietnamese and English (one table per module)."""

from studio.messages import (
    drafting,
    endpoints,
    knowledge,
    media,
    safety,
    style,
    workflow,
    workshop,
)

_TABLES = (knowledge, drafting, safety, media, workflow, endpoints, workshop, style)
MESSAGES: dict[str, dict[str, str]] = {}
for _table in _TABLES:
    _twice = MESSAGES.keys() & _table.MESSAGES.keys()
    if _twice:
        raise RuntimeError(f"message codes defined twice: {sorted(_twice)}")
    MESSAGES.update(_table.MESSAGES)
