"""Terms for the lexical index: folded words, accented words, word pairs, canonical tokens, concepts.

The same analysis runs on passages and on queries, so a query typed without diacritics matches
accented text (folded terms), an accented query prefers the exact spelling (accented terms), and
a query in one language meets a passage in another through canonical tokens and lexicon concepts.
"""

from __future__ import annotations

from collections import Counter

from studio.knowledge.bridge import canonical_tokens
from studio.knowledge.lexicon import Lexicon
from studio.knowledge.textnorm import fold_word, words

# Weight of each kind of query term (the passage side just counts occurrences).
QUERY_WEIGHTS = {"word": 1.0, "accent": 0.5, "pair": 0.5, "canon": 2.0, "concept": 1.0}


def passage_terms(text: str, lang: str | None, lexicon: Lexicon | None, bridge: bool = True) -> list[str]:
    """Every index term of a passage, repeated as often as it occurs."""
    return [term for term, _kind in _terms(text, lang, lexicon, bridge)]


def query_terms(query: str, lexicon: Lexicon | None, bridge: bool = True) -> dict[str, float]:
    """Query terms with weights; a repeated term adds up."""
    weights: Counter[str] = Counter()
    for term, kind in _terms(query, None, lexicon, bridge):
        weights[term] += QUERY_WEIGHTS[kind]
    return dict(weights)


def _terms(text: str, lang: str | None, lexicon: Lexicon | None, bridge: bool):
    folded_prev = None
    for word in words(text):
        folded = fold_word(word)
        yield folded, "word"
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
