"""The shipped vi/en/de/no domain lexicon: finds concepts in text and expands queries with them.

`term*` = any word ending, `*term` = may end a compound, spaces match any whitespace or hyphen.
A word written with diacritics must match the term's diacritics ("hội thao", a sports festival,
is not "hội thảo", a workshop); a word typed without any is compared folded ("hoi thao" may be
either), so queries typed on a phone still find their concepts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from studio.knowledge.textnorm import fold_word, nfc, words

LEXICON_DIR = Path(__file__).parent
LEXICON_FILES = ("lexicon.yaml", "lexicon_labour.yaml")  # the domain lexicons; a site may add files of the same format
LANGS = ("vi", "en", "de", "no")


@dataclass(frozen=True)
class _Pattern:
    concept: str
    parts: tuple[tuple[str, str, str], ...]  # (mode, folded, accented) with mode exact | prefix | suffix | infix


@dataclass(frozen=True)
class Concept:
    id: str
    terms: dict[str, tuple[str, ...]]  # lang -> surface terms


class Lexicon:
    """Concept lookup over word sequences; built once from the YAML file."""

    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = {c.id: c for c in concepts}
        self._exact: dict[str, list[_Pattern]] = defaultdict(list)
        self._prefix: dict[str, list[_Pattern]] = defaultdict(list)
        self._suffix: dict[str, list[_Pattern]] = defaultdict(list)
        self._infix: list[_Pattern] = []
        self._cache: dict[str, list[_Pattern]] = {}  # folded word → candidate patterns
        for concept in concepts:
            for terms in concept.terms.values():
                for term in terms:
                    pattern = _compile(concept.id, term)
                    if pattern is None:
                        continue
                    mode, first, _ = pattern.parts[0]
                    if mode == "infix":
                        self._infix.append(pattern)
                    else:
                        index = {"exact": self._exact, "prefix": self._prefix, "suffix": self._suffix}[mode]
                        index[first].append(pattern)
        self._max_prefix = max((len(k) for k in self._prefix), default=0)
        self._max_suffix = max((len(k) for k in self._suffix), default=0)

    def concepts_in(self, text: str, nested: bool = True) -> list[str]:
        """Concept ids found in `text`, once per mention.

        The longest match at a position wins; with `nested`, the concepts inside it count too
        ("BIDV Party Committee" is also about BIDV and about a party committee).
        """
        lowered = words(text)
        folded = [fold_word(w) for w in lowered]
        found: list[str] = []
        covered_until = 0
        span_concepts: set[str] = set()
        for i in range(len(folded)):
            matches: dict[str, int] = {}
            for pattern in self._candidates(folded[i]):
                if _matches(pattern, lowered, folded, i):
                    matches[pattern.concept] = max(matches.get(pattern.concept, 0), len(pattern.parts))
            if not matches:
                continue
            longest = max(matches.values())
            if i >= covered_until:
                found.extend(c for c, n in matches.items() if n == longest)
                covered_until = i + longest
                span_concepts = set(matches) if nested else {c for c, n in matches.items() if n == longest}
                if nested:
                    found.extend(c for c, n in matches.items() if n < longest)
            elif nested:
                # inside a longer match: each concept once per mention ("trade union" ≠ 2 × union)
                new = [c for c in matches if c not in span_concepts]
                found.extend(new)
                span_concepts.update(new)
        return found

    def _candidates(self, word: str) -> list[_Pattern]:
        cached = self._cache.get(word)
        if cached is None:
            cached = self._lookup(word)
            if len(self._cache) < 200_000:
                self._cache[word] = cached
        return cached

    def _lookup(self, word: str) -> list[_Pattern]:
        out = list(self._exact.get(word, ()))
        for n in range(1, min(len(word), self._max_prefix) + 1):
            out.extend(self._prefix.get(word[:n], ()))
        for n in range(1, min(len(word), self._max_suffix) + 1):
            out.extend(self._suffix.get(word[-n:], ()))
        out.extend(p for p in self._infix if p.parts[0][1] in word)
        return out


def _compile(concept: str, term: str) -> _Pattern | None:
    pieces = term.replace("-", " ").split()
    if not pieces:
        return None
    parts: list[tuple[str, str, str]] = []
    for k, piece in enumerate(pieces):
        lead = piece.startswith("*") and k == 0
        trail = piece.endswith("*") and k == len(pieces) - 1
        accented = nfc(piece.strip("*").lower())
        word = fold_word(accented)
        if not word:
            return None
        mode = "infix" if lead and trail else "suffix" if lead else "prefix" if trail else "exact"
        parts.append((mode, word, accented))
    return _Pattern(concept, tuple(parts))


def _matches(pattern: _Pattern, lowered: list[str], folded: list[str], i: int) -> bool:
    if i + len(pattern.parts) > len(folded):
        return False
    for k, (mode, want_folded, want_accented) in enumerate(pattern.parts):
        got_folded = folded[i + k]
        # a word with diacritics is compared as written; one without is compared folded
        got, want = (lowered[i + k], want_accented) if got_folded != lowered[i + k] else (got_folded, want_folded)
        ok = (
            got == want
            if mode == "exact"
            else got.startswith(want) if mode == "prefix"
            else got.endswith(want) if mode == "suffix"
            else want in got
        )
        if not ok:
            return False
    return True


def parse_lexicon(data: list[dict]) -> list[Concept]:
    concepts = []
    for entry in data:
        terms = {lang: tuple(str(t) for t in entry.get(lang) or ()) for lang in LANGS}
        concepts.append(Concept(id=str(entry["id"]), terms=terms))
    return concepts


def read_lexicon_file(path: Path) -> list[dict]:
    # "no" is a YAML 1.1 boolean; the base loader reads every key and value as written.
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.BaseLoader) or []


@lru_cache(maxsize=4)
def load_lexicon(directory: Path = LEXICON_DIR, files: tuple[str, ...] = LEXICON_FILES) -> Lexicon:
    """The lexicon files of the folder, merged into one lexicon."""
    entries: list[dict] = []
    for name in files:
        entries.extend(read_lexicon_file(Path(directory) / name))
    return Lexicon(parse_lexicon(entries))
