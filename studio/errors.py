"""Errors the user can act on, with their message in Vietnamese and English.

Core functions raise `StudioError(code, **params)`; the faces render `err.message(lang)`. The messages live
by area in `studio/messages/`.
"""

from __future__ import annotations

from studio.messages import MESSAGES  # noqa: F401  (re-exported: errors.MESSAGES)


class StudioError(Exception):
    """A failure the user can understand and fix; carries a message code and its parameters."""

    def __init__(self, code: str, **params: object) -> None:
        if code not in MESSAGES:
            raise KeyError(f"unknown message code {code!r}")
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        """The message in `lang`; a parameter given per language ({"vi": …, "en": …}) is read in it too."""
        table = MESSAGES[self.code]
        params = {k: (v.get(lang) or v.get("en", "")) if isinstance(v, dict) and set(v) <= {"vi", "en"} and v else v
                  for k, v in self.params.items()}
        return table.get(lang, table["en"]).format(**params)
