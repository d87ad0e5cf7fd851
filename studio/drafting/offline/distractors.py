"""Wrong quiz options of the same kind as the answer, drawn from the knowledge base before any is made up.

A distractor is another document number of the same series, another date of the same period, another
year, or another count/percentage of similar size found in the sentences or the passage pool. Made-up
values fill in only when the knowledge base has too few. Whatever its origin, a distractor is never
within ±1 of the answer (a day for dates), never the answer or another option written differently,
and never impossible (a percentage over 100, a date that does not exist).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from studio.drafting.offline.figures import (
    Figure,
    find_figures,
    format_figure,
    valid_date,
)
from studio.drafting.offline.sentences import stable_hash

_KINDS = ("count", "percent", "year", "date", "month", "range", "doc")


@dataclass(frozen=True)
class Value:
    """One figure of the knowledge base, enough to print it and compare it."""

    kind: str
    value: object
    decimals: int = 0
    scale: float = 1.0

    def show(self, lang: str) -> str:
        return format_figure(self.kind, self.value, lang, self.decimals, self.scale)


def harvest(sentence_figures: list[list[Figure]], pool: list) -> dict[str, list[Value]]:
    """Every figure of the sentences and the pool passages, by kind, once each; years also from dates and periods."""
    found: dict[str, dict] = {k: {} for k in _KINDS}

    def add(v: Value) -> None:
        found[v.kind].setdefault(magnitude(v), v)

    figures = [f for figs in sentence_figures for f in figs]
    for passage in pool:
        figures += find_figures(passage.text, getattr(passage, "lang", "vi"))
    for f in figures:
        if f.kind not in found:
            continue
        add(Value(f.kind, f.value, f.decimals, f.scale))
        years = f.value if f.kind == "range" else (f.value[0],) if f.kind in ("date", "month") else ()
        for y in years:
            add(Value("year", float(y)))
    return {k: list(v.values()) for k, v in found.items()}


def magnitude(v: Value):
    """What two ways of writing the same value share: "12.300" and "12300"; "57" and "57-NQ/TW"."""
    if v.kind in ("count", "percent", "year"):
        return round(float(v.value) * v.scale, 6)
    if v.kind == "doc":
        return int(re.match(r"\d+", str(v.value)).group())
    return tuple(v.value)


def _days(v: Value) -> int:
    y, m, d = v.value
    return date(y, m, d or 1).toordinal()


def too_close(a: Value, b: Value) -> bool:
    """Equal, or within ±1 (numbers, years, document numbers, period ends; a day for dates)."""
    if a.kind in ("date", "month"):
        return abs(_days(a) - _days(b)) <= (1 if a.kind == "date" else 0)
    if a.kind == "range":
        return max(abs(x - y) for x, y in zip(a.value, b.value)) <= 1
    return abs(magnitude(a) - magnitude(b)) <= 1


def possible(v: Value) -> bool:
    if v.kind == "percent":
        return 0 < float(v.value) <= 100
    if v.kind in ("count", "year", "doc"):
        return magnitude(v) > 0 and (v.kind != "year" or 1900 <= magnitude(v) <= 2100)
    if v.kind == "range":
        return 1900 <= v.value[0] < v.value[1] <= 2100
    return valid_date(*v.value)


def _series(doc: str) -> str:
    return re.sub(r"^\d+", "", doc).upper()


def _from_kb(answer: Value, kb: dict[str, list[Value]]) -> list[Value]:
    """Knowledge-base values of the answer's kind, nearest (in its own sense) first."""
    if answer.kind in ("count", "percent"):
        size = magnitude(answer)
        same = [v for v in kb["count" if answer.kind == "count" else "percent"]
                if size > 0 and 0.1 <= magnitude(v) / size <= 10]
        return sorted(same, key=lambda v: (round(abs(math.log(magnitude(v) / size)), 3), magnitude(v)))
    if answer.kind == "year":
        return sorted((v for v in kb["year"] if abs(magnitude(v) - magnitude(answer)) <= 30),
                      key=lambda v: (abs(magnitude(v) - magnitude(answer)), magnitude(v)))
    if answer.kind in ("date", "month"):  # the same period: within three years, nearest first
        near = [v for v in kb[answer.kind] if abs(_days(v) - _days(answer)) <= 3 * 366]
        return sorted(near, key=lambda v: (abs(_days(v) - _days(answer)), v.value))
    if answer.kind == "range":
        return sorted(kb["range"], key=lambda v: (abs(v.value[0] - answer.value[0]), v.value))
    # a document number: the same series first ("…-NQ/TW"), then other numbers written in the answer's series
    series = _series(str(answer.value))
    same = [v for v in kb["doc"] if _series(str(v.value)) == series]
    other = [Value("doc", f"{magnitude(v)}{series}") for v in kb["doc"] if _series(str(v.value)) != series]
    return same + sorted(other, key=lambda v: magnitude(v))


def _made_up(answer: Value) -> list[Value]:
    """Well-formed values of the answer's kind, none within ±1 of it."""
    k, v = answer.kind, answer.value
    if k == "count":
        n = magnitude(answer) / answer.scale
        if n < 10 and not answer.decimals:
            return [Value(k, float(x)) for x in (n + 2, n + 4, n * 3, n + 7)]
        return [Value(k, round(n * f, answer.decimals) if answer.decimals else float(math.floor(n * f + 0.5)),
                      answer.decimals, answer.scale) for f in (0.5, 1.5, 2, 0.75, 3, 0.25)]
    if k == "percent":
        return [Value(k, round(x, answer.decimals), answer.decimals)
                for x in (v * 0.5, v * 0.75, v - 10, v + 5, v - 20, v * 0.25, v + 10)]
    if k == "year":
        return [Value(k, float(v + d)) for d in (-5, 5, -3, 3, -10, 10, -2, 2)]
    if k in ("date", "month"):
        y, m, d = v
        shifted = [(y, (m + dm - 1) % 12 + 1, d) for dm in (2, -3, 4, -5)] + [(y - 1, m, d), (y + 1, m, d)]
        return [Value(k, t) for t in shifted if valid_date(*t)]
    if k == "range":
        return [Value(k, (v[0] + d, v[1] + d)) for d in (-5, 5, -3, 3, -10, 10)]
    n, series = magnitude(answer), _series(str(v))
    return [Value(k, f"{x}{series}") for x in (n + 10, n + 23, n * 2, n + 42, n + 5) if x > 0]


def choose(answer: Value, kb: dict[str, list[Value]], lang: str, *, seed: str = "", variant: int = 0,
           visible: tuple[Value, ...] = ()) -> list[str]:
    """Up to three printed distractors for `answer`: knowledge-base values first, made-up ones to fill.

    `variant` > 0 draws from further down the knowledge base's list when it is long enough; the same
    inputs give the same options. `visible`: the other figures of the question's sentence, never offered.
    """
    found = [v for v in _from_kb(answer, kb) if possible(v) and not too_close(v, answer)
             and all(v.kind != w.kind or magnitude(v) != magnitude(w) for w in visible)]
    if variant and len(found) > 3:  # other values of the knowledge base, still near ones first
        window = found[:3 + 3 * variant]
        found = sorted(window, key=lambda v: stable_hash(seed, variant, v.value)) + found[len(window):]
    made = sorted((v for v in _made_up(answer) if possible(v)), key=lambda v: stable_hash(seed, variant, v.value))
    taken: list[Value] = []
    shown = {answer.show(lang).lower()}
    for v in found + made:
        if len(taken) == 3:
            break
        text = v.show(lang)
        if (not too_close(v, answer) and all(not too_close(v, t) for t in taken) and text.lower() not in shown):
            taken.append(v)
            shown.add(text.lower())
    return [v.show(lang) for v in taken]
