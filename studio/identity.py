"""Names that can't be faked: one normal form for account and participant names, and a look-alike test.

- `name_key`: NFKC (full-width "ｌａｎ" → "lan"), case-folded, spaces collapsed, NFC. Two names with the same key
  are the same name ("Lan" = "lan" = "ｌａｎ"); diacritics stay ("Lan" ≠ "Lân"), typed NFD or NFC alike.
- `skeleton`: the key, decomposed (NFD), every character replaced by one representative of its class of
  look-alikes (Unicode confusables, from the `confusable_homoglyphs` package data, joined transitively over
  single characters), recomposed. Cyrillic "lаn" and Latin "lan" have the same skeleton; Vietnamese tone marks,
  the horn and "đ" are classes of their own, so "Lan", "Lân", "Lán", "Đan" stay different names.
- `mixed_script`: a name whose letters come from Latin and Cyrillic/Greek/… at once is refused outright
  (Latin together with the CJK scripts is allowed). Digits, punctuation and combining marks belong to no script.

Stored names are compared on the fly (skeletons are computed from the stored names, no column, no migration).
"""

from __future__ import annotations

import functools
import unicodedata

# scripts that may be written together with Latin in one name (Japanese, Chinese, Korean names); every other
# combination of two scripts (Latin + Cyrillic, Latin + Greek, Cyrillic + Greek…) is refused
_COMPATIBLE = frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA", "HANGUL"})
_NO_SCRIPT = frozenset({"COMMON", "INHERITED", "UNKNOWN"})


def clean(raw: str | None) -> str:
    """A name as stored and shown: NFKC, control/format/separator characters turned into spaces, spaces
    collapsed, NFC ("" when nothing printable is left)."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if unicodedata.category(ch)[0] not in "CZ" else " " for ch in text)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def name_key(name: str) -> str:
    """The identity of a name: cleaned, case-folded ("Lan" = "lan" = " LAN " = "ｌａｎ")."""
    return unicodedata.normalize("NFC", clean(unicodedata.normalize("NFKC", clean(name).casefold())))


@functools.lru_cache(maxsize=1)
def _prototypes() -> dict[str, str]:
    """Character → the smallest character of its look-alike class (union-find over the confusables pairs)."""
    from confusable_homoglyphs import confusables

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for char, homoglyphs in confusables.confusables_data.items():
        if len(char) != 1:
            continue
        for h in homoglyphs:
            other = h["c"].replace("\u200e", "")  # the package wraps right-to-left letters in LRM marks
            if len(other) == 1:
                a, b = find(char), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {ch: find(ch) for ch in parent}


@functools.lru_cache(maxsize=4096)
def skeleton(name: str) -> str:
    """Two names with the same skeleton look the same to people (UTS #39 idea, on the case-folded key)."""
    table = _prototypes()
    decomposed = unicodedata.normalize("NFD", name_key(name))
    return unicodedata.normalize("NFD", "".join(table.get(ch, ch) for ch in decomposed))


def scripts(name: str) -> set[str]:
    from confusable_homoglyphs import categories

    return {categories.alias(ch) for ch in clean(name) if ch.isalpha()} - _NO_SCRIPT


def mixed_script(name: str) -> bool:
    """True when the name's letters mix scripts that must not be mixed (e.g. Latin "l" + Cyrillic "а" + "n")."""
    found = scripts(name)
    return len(found) > 1 and not found <= _COMPATIBLE


def look_alike(name: str, others) -> str | None:
    """The first of `others` that is the same name or looks the same as `name` (None when none does)."""
    key, skel = name_key(name), skeleton(name)
    for other in others:
        if name_key(other) == key or skeleton(other) == skel:
            return other
    return None
