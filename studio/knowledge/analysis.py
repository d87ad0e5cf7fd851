"""Terms for the lexical indexes, in two channels.

- words: folded words, accented words and folded word pairs. A query typed without diacritics
  matches accented text (folded terms); an accented query prefers the exact spelling.
- bridge: language-neutral terms, canonical tokens (numbers, dates, document numbers) and
  lexicon concepts. A query in one language meets a passage in another only through these, so
  they get their own ranking instead of drowning among same-language word matches.
The same analysis runs on passages and on queries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from studio.knowledge.bridge import answer_type_tokens, canonical_tokens, passage_type_tokens, unit_tokens
from studio.knowledge.lexicon import Lexicon
from studio.knowledge.textnorm import fold_word, words

# Weight of each kind of query term (the passage side just counts occurrences).
QUERY_WEIGHTS = {"word": 1.0, "accent": 0.5, "pair": 0.5, "stem": 0.5, "canon": 1.5, "concept": 1.0,
                 "answer_type": 1.0, "unit": 1.0}
WORD_KINDS = {"word", "accent", "pair", "stem"}
_STEMMERS = {"en": "english", "de": "german", "no": "norwegian"}


@lru_cache(maxsize=8)
def _stemmer(lang: str):
    import snowballstemmer

    return snowballstemmer.stemmer(_STEMMERS[lang])


@lru_cache(maxsize=200_000)
def _stem(lang: str, word: str) -> str:
    return _stemmer(lang).stemWord(word)


ANALYSIS_VERSION = "6"  # bump when the analysis changes: stored terms are then recomputed


@dataclass
class Terms:
    words: list[str]
    bridge: list[str]

    def to_meta(self, version: str) -> dict:
        """Stored beside the chunk, so rebuilding the index needs no re-analysis."""
        return {"lex_v": version, "lex_words": " ".join(self.words), "lex_bridge": " ".join(self.bridge)}

    @classmethod
    def from_meta(cls, meta: dict, version: str) -> "Terms | None":
        if meta.get("lex_v") != version:
            return None
        return cls(meta.get("lex_words", "").split(), meta.get("lex_bridge", "").split())


def analysis_version(lexicon: Lexicon | None) -> str:
    """Identifies the analysis: code version + the lexicon's concepts and terms."""
    import hashlib

    digest = hashlib.sha1(ANALYSIS_VERSION.encode())
    for concept in sorted(lexicon.concepts.values(), key=lambda c: c.id) if lexicon else ():
        digest.update(repr((concept.id, sorted(concept.terms.items()))).encode())
    return digest.hexdigest()[:12]


def indexed_text(title: str, section: str, text: str) -> str:
    """What the lexical index sees of a passage: its title and heading path give context."""
    return "\n".join(p for p in (title, section, text) if p)


def passage_terms(text: str, lang: str | None, lexicon: Lexicon | None, bridge: bool = True,
                  context: str = "") -> Terms:
    """Every index term of a passage, per channel, repeated as often as it occurs.

    `context` (title, heading path) adds its words, concepts and numbers; what the passage states
    (answer types, units after numbers) comes from the body `text` alone, or every passage of a
    law would "state" the year in its title."""
    out = Terms([], [])
    for term, kind in _terms(indexed_text(context, "", text), lang, lexicon, bridge):
        (out.words if kind in WORD_KINDS else out.bridge).append(term)
    if bridge:
        out.bridge += passage_type_tokens(canonical_tokens(text, lang)) + unit_tokens(text)
    return out


def query_terms(query: str, lexicon: Lexicon | None, bridge: bool = True) -> tuple[dict[str, float], dict[str, float]]:
    """(word-channel weights, bridge-channel weights); a repeated term adds up."""
    word_weights: Counter[str] = Counter()
    bridge_weights: Counter[str] = Counter()
    for term, kind in _terms(query, None, lexicon, bridge):
        target = word_weights if kind in WORD_KINDS else bridge_weights
        target[term] += QUERY_WEIGHTS[kind]
    if bridge:
        for token in answer_type_tokens(query):
            bridge_weights[token] = QUERY_WEIGHTS["answer_type"]
        for token in unit_tokens(query, query=True):
            bridge_weights[token] = QUERY_WEIGHTS["unit"]
    return dict(word_weights), dict(bridge_weights)


def all_query_terms(query: str, lexicon: Lexicon | None) -> dict[str, float]:
    words_, bridge_ = query_terms(query, lexicon)
    return {**words_, **bridge_}


def _terms(text: str, lang: str | None, lexicon: Lexicon | None, bridge: bool):
    folded_prev = None
    # passages are stemmed in their own language; a query (language unknown) in each one
    stem_langs = (lang,) if lang in _STEMMERS else tuple(_STEMMERS) if lang is None else ()
    for word in words(text):
        folded = fold_word(word)
        yield folded, "word"
        for stem in {_stem(stem_lang, folded) for stem_lang in stem_langs}:
            if stem != folded and len(stem) >= 3:
                yield f"s:{stem}", "stem"
        if folded != word:
            yield word, "accent"
        if folded_prev is not None:
            yield f"{folded_prev}_{folded}", "pair"
        folded_prev = folded
    if bridge:
        for token in canonical_tokens(text, lang):
            yield token, "canon"
    if lexicon is not None:
        for concept in lexicon.concepts_in(text):
            yield f"c:{concept}", "concept"
