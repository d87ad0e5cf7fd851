"""Precision and recall of the safety gate on a labelled set (tests/data/safety_eval.yaml).

A finding matches an expected one when the types are equal and the spans overlap. PERSON entries
marked `public` count neither as misses nor as false alarms; an item's `allowed` spans (a public
body's hotline, a venue's address) may be reported as warnings but are false alarms if they block. Only findings the policy raises to
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
        allowed = [(a["type"], *_spans(text, a["text"])) for a in item.get("allowed") or []]
        for i, f in enumerate(found):
            if i in matched:
                continue
            overlaps_public = any(p and et == f.type and f.start < e and s < f.end for et, s, e, p in expected)
            tolerated = f.severity != "block" and any(at == f.type and f.start < e and s < f.end for at, s, e in allowed)
            if not overlaps_public and not tolerated:
                result.per_type[f.type].fp += 1
                result.examples[f"false {f.type}"].append(item["id"])
    return result


@dataclass
class SplitReport:
    """The gate on one split of the office/official evaluation set (tests/data/safety_office)."""

    items: int
    result: SafetyEval
    verdict_agree: int  # items whose verdict is "block" exactly when the item should block
    official: int  # official/news negatives (ids starting with "n")
    official_blocked: list[str]  # … of which blocked
    disagreements: list[str]

    @property
    def verdict_rate(self) -> float:
        return self.verdict_agree / self.items if self.items else 1.0


def load_split(folder: Path, split: str) -> list[dict]:
    """The items of every *.yaml in `folder` whose `split` is `split` ("dev" or "test")."""
    items: list[dict] = []
    for path in sorted(Path(folder).glob("*.yaml")):
        items += [i for i in load_items(path) if i.get("split") == split]
    return items


def evaluate_split(gate, items: list[dict]) -> SplitReport:
    result = evaluate_gate(gate, items)
    agree, official, blocked, wrong = 0, 0, [], []
    for item in items:
        block = gate.check(item["text"], item.get("lang", "vi")).verdict == "block"
        if block == bool(item.get("should_block")):
            agree += 1
        else:
            wrong.append(item["id"])
        if str(item["id"]).startswith("n"):
            official += 1
            if block:
                blocked.append(item["id"])
    return SplitReport(len(items), result, agree, official, blocked, wrong)
