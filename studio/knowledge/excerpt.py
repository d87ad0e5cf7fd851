"""A passage seen in its document: the text around a cited span, cut at word boundaries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Excerpt:
    before: str
    match: str
    after: str
    clipped_start: bool
    clipped_end: bool


def excerpt(text: str, start: int, end: int, context: int = 400) -> Excerpt:
    """`text[start:end]` with up to `context` characters either side, never cutting a word."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return Excerpt(text[lo:start], text[start:end], text[end:hi], lo > 0, hi < len(text))
