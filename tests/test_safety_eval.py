"""The safety gate on the labelled evaluation set (405 sentences, vi with and without diacritics, en)."""

from __future__ import annotations

import pytest

from studio.config import PROJECT_ROOT
from studio.safety.evaluate import evaluate_gate, load_items
from studio.safety.findings import PII_TYPES
from studio.safety.gate import SafetyGate

EVAL_SET = PROJECT_ROOT / "tests" / "data" / "safety_eval.yaml"


@pytest.fixture(scope="module")
def report():
    gate = SafetyGate()
    return gate, evaluate_gate(gate, load_items(EVAL_SET))


def test_evaluation_set_is_large_and_covers_every_type():
    items = load_items(EVAL_SET)
    assert len(items) >= 200
    types = {e["type"] for i in items for e in i.get("expect") or []}
    assert set(PII_TYPES) <= types and {"CONFIDENTIAL_MARKING", "SENSITIVE_RECORD", "PROMPT_INJECTION"} <= types
    assert sum(1 for i in items if i["lang"] == "vi" and not i["diacritics"]) >= 60
    assert sum(1 for i in items if not i.get("expect")) >= 80


def test_blocking_types_meet_the_recall_and_precision_goals(report):
    """GIVEN the labelled set WHEN every sentence goes through the gate
    THEN blocking types are found with recall ≥ 0.95 and precision ≥ 0.90, and no hard negative blocks."""
    gate, result = report
    blocking = [t for t, rule in gate.policy.rules.items() if rule.action == "block" and t in result.per_type]
    micro = result.micro(blocking)
    lines = [f"{t:22s} P={s.precision:.3f} R={s.recall:.3f}" for t, s in sorted(result.per_type.items())]
    print("\n" + "\n".join(lines) + f"\nblocking micro P={micro.precision:.3f} R={micro.recall:.3f}")
    assert micro.recall >= 0.95, dict(result.examples)
    assert micro.precision >= 0.90, dict(result.examples)
    assert result.negatives_blocked == []
