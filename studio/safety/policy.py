"""The safety policy: finding type → block | warn | info with a score threshold, from a YAML file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from studio.errors import StudioError
from studio.safety.findings import ALL_TYPES, Finding

DEFAULT_POLICY = Path(__file__).with_name("policy.yaml")
ACTIONS = ("block", "warn", "info")


@dataclass(frozen=True)
class Rule:
    action: str
    min_score: float


@dataclass(frozen=True)
class Policy:
    version: str
    rules: dict[str, Rule]

    def severity(self, finding: Finding) -> str:
        rule = self.rules.get(finding.type)
        if rule is None or finding.score < rule.min_score:
            return "info"
        return rule.action

    def apply(self, findings: list[Finding]) -> list[Finding]:
        for finding in findings:
            finding.severity = self.severity(finding)
        return findings


def verdict(findings: list[Finding], accepted: set[int] = frozenset()) -> str:
    """block if anything blocks; warn if a warning is not accepted; else pass."""
    if any(f.severity == "block" for f in findings):
        return "block"
    if any(f.severity == "warn" and i not in accepted for i, f in enumerate(findings)):
        return "warn"
    return "pass"


def load_policy(path: Path | None = None) -> Policy:
    path = Path(path or DEFAULT_POLICY)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        rules = {}
        for name, rule in (data.get("types") or {}).items():
            if name not in ALL_TYPES:
                raise ValueError(f"unknown finding type {name}")
            action = str(rule.get("action", "warn"))
            if action not in ACTIONS:
                raise ValueError(f"{name}: action must be one of {', '.join(ACTIONS)}")
            rules[name] = Rule(action, float(rule.get("min_score", 0.0)))
    except (OSError, yaml.YAMLError, ValueError, AttributeError, TypeError) as exc:
        raise StudioError("policy_invalid", path=str(path), detail=str(exc)[:200]) from None
    return Policy(str(data.get("version", "1")), rules)
