"""Offline language identification (py3langid's model ships inside its wheel)."""

from __future__ import annotations

from functools import lru_cache

# Languages the studio distinguishes; Norwegian variants are reported as "no".
_CANDIDATES = ["vi", "en", "de", "no", "nn", "da", "sv", "fr", "es", "it", "nl", "pt", "ru", "zh", "ja", "ko", "th", "id", "lo", "km"]
_ALIASES = {"nb": "no", "nn": "no"}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True, langs=_CANDIDATES)


def detect_language(text: str, sample_chars: int = 20000) -> str:
    """ISO 639-1 code of the text's main language ('vi', 'en', 'de', 'no', …), 'und' if no letters."""
    sample = text[:sample_chars]
    if not any(ch.isalpha() for ch in sample):
        return "und"
    lang, _prob = _identifier().classify(sample)
    return _ALIASES.get(lang, lang)
