"""Precision and recall of the safety gate on a labelled set (tests/data/safety_eval.yaml).

A finding matches an expected one when the types are equal and the spans overlap. PERSON entries
marked `public` count neither as misses nor as false alarms. Only findings the policy raises to
warn or block count as reported (info findings are not shown to users as problems).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass
class TypeScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class SafetyEval:
    per_type: dict[str, TypeScore] = field(default_factory=lambda: defaultdict(TypeScore))
    negatives: int = 0
    negatives_blocked: list[str] = field(default_factory=list)  # ids of hard negatives that were blocked
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def micro(self, types) -> TypeScore:
        total = TypeScore()
        for t in types:
            s = self.per_type.get(t, TypeScore())
            total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        return total


def load_items(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _spans(text: str, needle: str) -> tuple[int, int]:
    start = text.find(needle)
    return start, start + len(needle)


def evaluate_gate(gate, items: list[dict]) -> SafetyEval:
    result = SafetyEval()
    for item in items:
        text = item["text"]
        found = [f for f in gate.findings(text, item.get("lang", "vi")) if f.severity in {"warn", "block"}]
        expected = [(e["type"], *_spans(text, e["text"]), bool(e.get("public"))) for e in item.get("expect") or []]
        if not expected:
            result.negatives += 1
            if any(f.severity == "block" for f in found):
                result.negatives_blocked.append(item["id"])
        matched: set[int] = set()
        for etype, start, end, public in expected:
            hit = next((i for i, f in enumerate(found) if f.type == etype and f.start < end and start < f.end), None)
            if hit is not None:
                matched.add(hit)
                if not public:
                    result.per_type[etype].tp += 1
            elif not public:
                result.per_type[etype].fn += 1
                result.examples[f"miss {etype}"].append(item["id"])
        for i, f in enumerate(found):
            if i in matched:
                continue
            overlaps_public = any(p and et == f.type and f.start < e and s < f.end for et, s, e, p in expected)
            if not overlaps_public:
                result.per_type[f.type].fp += 1
                result.examples[f"false {f.type}"].append(item["id"])
    return result
