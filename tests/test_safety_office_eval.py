"""The safety gate on office texts with real evasions and on real official/news text (tests/data/safety_office).

The set was written without reading the detectors and split dev/test before any tuning; the recognizers
were tuned on dev only. Floors sit one or two texts below the figures measured at the close of issue 14,
so a regression fails while noise does not.
"""

from __future__ import annotations

import pytest

from studio.config import PROJECT_ROOT
from studio.safety.evaluate import evaluate_split, load_split
from studio.safety.gate import SafetyGate

OFFICE = PROJECT_ROOT / "tests" / "data" / "safety_office"


@pytest.fixture(scope="module")
def gate():
    return SafetyGate()


@pytest.fixture(scope="module")
def reports(gate):
    return {split: evaluate_split(gate, load_split(OFFICE, split)) for split in ("dev", "test")}


def summary(report) -> str:
    everything = report.result.micro(list(report.result.per_type))
    return (f"recall {everything.recall:.3f} precision {everything.precision:.3f}; official blocked "
            f"{report.official_blocked}; verdicts {report.verdict_rate:.3f}; disagreements {report.disagreements}")


def test_the_set_is_split_and_large_enough():
    dev, test = load_split(OFFICE, "dev"), load_split(OFFICE, "test")
    assert len(dev) >= 300 and len(test) >= 300
    for items in (dev, test):
        assert sum(1 for i in items if str(i["id"]).startswith("n")) >= 100  # real official/news negatives
        evasions = {e for i in items for e in i.get("evasion") or []}
        assert {"zero_width", "fullwidth", "split_digits", "line_break", "obfuscated_email", "number_words",
                "caps_nodiac", "csv", "table", "title_kinship"} <= evasions


def test_held_out_texts(reports):
    """GIVEN office texts and official/news text never used for tuning WHEN each goes through the gate
    THEN ≥ 0.88 of the expected spans are reported, verdicts agree with "should block" on ≥ 0.88 of the texts,
    and at most 4 of 121 official/news texts block.

    Measured at the close of issue 14: recall 0.901, precision 0.898, verdicts 0.900, official texts blocked
    4 of 121 (goal 0: not met). Injections warn (policy) while the set counts them as "should block"."""
    report = reports["test"]
    print("\ntest:", summary(report))
    assert report.result.micro(list(report.result.per_type)).recall >= 0.88, summary(report)
    assert report.verdict_rate >= 0.88, summary(report)
    assert len(report.official_blocked) <= 4, summary(report)


def test_tuning_texts_hold_their_figures(reports):
    """Measured: recall 0.957, precision 0.928, verdicts 0.925, official texts blocked 1 of 130 (the birth date
    of a public figure whose office is named only in the next sentence)."""
    report = reports["dev"]
    print("\ndev:", summary(report))
    assert report.result.micro(list(report.result.per_type)).recall >= 0.94, summary(report)
    assert report.verdict_rate >= 0.91, summary(report)
    assert len(report.official_blocked) <= 1, summary(report)
