"""The rules run over a normalised text: `RULES` in their order, the anchor index that picks the rules worth running
on a text, and `_phrase_signals`, the matches as scored `_Signal`s on the original characters (chat-template tokens
among them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.safety.injection.context import _adjust, _sentence
from studio.safety.injection.normalise import Normalised
from studio.safety.injection.rules_orders import ORDER_RULES
from studio.safety.injection.rules_takeover import TAKEOVER_RULES
from studio.safety.injection.vocabulary import _Rule

RULES: list[_Rule] = [*TAKEOVER_RULES, *ORDER_RULES]

_CHAT_TOKEN = re.compile(r"<\|[a-z_]{2,30}\|>")


@dataclass
class _Signal:
    start: int
    end: int
    score: float
    detail: str


def _phrase_signals(norm: Normalised, exhaustive: bool = False) -> list[_Signal]:
    """Matches of the rules; a rule runs only when one of its anchor words is in the text (`exhaustive`: always)."""
    out = []
    for rule in (RULES if exhaustive else _rules_for(norm.text)):
        for m in rule.regex.finditer(norm.text):
            if m.end() == m.start() or not (adjusted := _adjust(norm, rule, m)):
                continue
            score, name = adjusted
            s, e = m.start(), m.end()
            if rule.kind in ("address", "vi_address", "label") and score >= .6:
                e = _sentence(norm.text, s, e)[1]  # the note runs to the end of its sentence
                while e > s and norm.text[e - 1] in " \t\n.":
                    e -= 1
            out.append(_Signal(*norm.span(s, e), score, name))
    for m in _CHAT_TOKEN.finditer(norm.text):
        out.append(_Signal(*norm.span(*m.span()), .95, "chat template token"))
    return out


def _rules_for(text: str) -> list[_Rule]:
    """The rules with an anchor in the normalised text, in their order: words by a set lookup, phrases by their
    first word and then a search of the single-spaced text, prefixes ("gpt*") by one regex."""
    index = _anchor_index()
    tokens = _TOKEN.findall(text)
    words = set(tokens)
    hits: set[int] = set()
    for word in words & index["words"].keys():
        hits.update(index["words"][word])
    flat = None
    for first in words & index["phrases"].keys():
        for phrase, rules in index["phrases"][first]:
            flat = flat if flat is not None else " " + " ".join(tokens) + " "
            if rules - hits and f" {phrase} " in flat:
                hits.update(rules)
    if index["prefixes"] and index["prefix_re"].search(" " + " ".join(words)):
        for prefix, rules in index["prefixes"].items():
            if any(w.startswith(prefix) for w in words):
                hits.update(rules)
    return [RULES[i] for i in sorted(hits)]


_ANCHOR_INDEX: dict = {}


def _anchor_index() -> dict:
    """Anchor → rule numbers, built once: single words, phrases grouped by their first word, prefixes."""
    if not _ANCHOR_INDEX:
        words: dict[str, set[int]] = {}
        phrases: dict[str, dict[str, set[int]]] = {}
        prefixes: dict[str, set[int]] = {}
        for i, rule in enumerate(RULES):
            for anchor in rule.anchors:
                if anchor.endswith("*"):
                    prefixes.setdefault(anchor[:-1], set()).add(i)
                elif " " in anchor:
                    phrases.setdefault(anchor.split()[0], {}).setdefault(anchor, set()).add(i)
                else:
                    words.setdefault(anchor, set()).add(i)
        _ANCHOR_INDEX.update(words=words, prefixes=prefixes,
                             phrases={first: list(group.items()) for first, group in phrases.items()},
                             prefix_re=re.compile(" (?:" + "|".join(map(re.escape, prefixes)) + ")"))
    return _ANCHOR_INDEX


_TOKEN = re.compile(r"[^\W_]+")
