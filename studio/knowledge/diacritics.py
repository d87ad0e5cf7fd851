"""Put the diacritics back on a Vietnamese query typed without them, from the collection's own words.

Officers type on phones without diacritics ("lam them gio toi da bao nhieu"); word matching handles
that through folded terms, but the multilingual model reads such text as another language. The
restorer learns, from the Vietnamese passages in the store, which accented syllable each folded
syllable stands for and which pairs follow each other, and picks the likeliest accented sequence
(Viterbi over an interpolated bigram model). Nothing outside the collection is used: the words of
the organisation's own documents decide.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from studio.knowledge.textnorm import fold_word, nfc

_WORD = re.compile(r"\w+")
# Questions use words documents rarely contain ("bao nhiêu", "mấy", "ở đâu"): a small fixed phrase
# list gives them their forms and pairs, counted as if seen this many times.
_QUESTION_PHRASES = (
    "bao nhiêu", "bao lâu", "bao giờ", "khi nào", "lúc nào", "ở đâu", "là gì", "là ai", "thế nào",
    "như thế nào", "ra sao", "mấy", "tại sao", "vì sao", "có phải", "có được", "được không", "hay không",
    "có những", "những gì", "gồm những", "ai là", "cái gì", "làm gì", "phải làm gì", "tối đa", "tối thiểu",
    "ít nhất", "nhiều nhất", "bao nhiêu phần trăm", "bao nhiêu ngày", "bao nhiêu tháng", "bao nhiêu năm",
)
_QUESTION_WEIGHT = 50
_MAX_CANDIDATES = 6
_LAMBDA = 0.7  # weight of the bigram estimate against the unigram one


@dataclass
class DiacriticRestorer:
    unigrams: Counter  # accented syllable → count
    bigrams: Counter  # (accented, accented) → count
    forms: dict[str, list[str]]  # folded syllable → accented forms, most frequent first
    total: int

    @classmethod
    def from_texts(cls, texts) -> "DiacriticRestorer":
        unigrams: Counter = Counter()
        bigrams: Counter = Counter()
        for phrase in _QUESTION_PHRASES:
            parts = phrase.split()
            unigrams.update({w: _QUESTION_WEIGHT for w in parts})
            bigrams.update({pair: _QUESTION_WEIGHT for pair in zip(parts, parts[1:])})
        for text in texts:
            previous = None
            for word in _WORD.findall(nfc(text).lower()):
                if word.isdigit():
                    previous = None
                    continue
                unigrams[word] += 1
                if previous is not None:
                    bigrams[(previous, word)] += 1
                previous = word
        by_folded: dict[str, Counter] = defaultdict(Counter)
        for word, count in unigrams.items():
            by_folded[fold_word(word)][word] += count
        forms = {f: [w for w, _ in c.most_common(_MAX_CANDIDATES)] for f, c in by_folded.items()}
        return cls(unigrams, bigrams, forms, sum(unigrams.values()) or 1)

    def looks_unaccented_vietnamese(self, query: str) -> bool:
        """No diacritics at all, and most words are syllables this collection writes with them."""
        typed = [w for w in _WORD.findall(query) if not w.isdigit()]
        words = [w.lower() for w in typed]
        if len(words) < 2 or any(fold_word(w) != w for w in words):
            return False
        # names and acronyms ("BIDV", the "B" of "B.One") say nothing about the language
        words = [w.lower() for w in typed if len(w) > 1 and not w.isupper()] or words
        known = sum(1 for w in words if any(fold_word(f) == w and f != w for f in self.forms.get(w, ())))
        return known >= 0.6 * len(words)

    def restore(self, query: str) -> str:
        """The query with each run of letters replaced by its likeliest accented form (digits,
        punctuation and unknown words kept as typed)."""
        tokens = list(_WORD.finditer(query))
        words = [m.group().lower() for m in tokens]
        best = self._viterbi(words)
        out, last = [], 0
        for match, word, chosen in zip(tokens, words, best):
            out.append(query[last:match.start()])
            out.append(_same_case(match.group(), chosen) if chosen != word else match.group())
            last = match.end()
        out.append(query[last:])
        return "".join(out)

    def _candidates(self, word: str) -> list[str]:
        if word.isdigit():
            return [word]
        return self.forms.get(word) or [word]

    def _log_p(self, previous: str | None, word: str) -> float:
        unigram = (self.unigrams.get(word, 0) + 0.1) / (self.total + 1)
        if previous is None or not self.unigrams.get(previous):
            return math.log(unigram)
        bigram = self.bigrams.get((previous, word), 0) / self.unigrams[previous]
        return math.log(_LAMBDA * bigram + (1 - _LAMBDA) * unigram)

    def _viterbi(self, words: list[str]) -> list[str]:
        if not words:
            return []
        layers = [self._candidates(w) for w in words]
        scores = {c: self._log_p(None, c) for c in layers[0]}
        back: list[dict[str, str]] = []
        for layer in layers[1:]:
            step, pointers = {}, {}
            for c in layer:
                prev, score = max(((p, s + self._log_p(p, c)) for p, s in scores.items()), key=lambda x: x[1])
                step[c], pointers[c] = score, prev
            scores = step
            back.append(pointers)
        last = max(scores, key=scores.get)
        path = [last]
        for pointers in reversed(back):
            path.append(pointers[path[-1]])
        return list(reversed(path))


def _same_case(typed: str, accented: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return accented.upper()
    if typed[:1].isupper():
        return accented[:1].upper() + accented[1:]
    return accented
