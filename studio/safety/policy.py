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
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StudioError("policy_invalid", path=str(path), detail=str(exc)[:200]) from None
    return parse_policy(text, str(path))


def parse_policy(text: str, name: str = "policy.yaml") -> Policy:
    """A policy from YAML text; StudioError("policy_invalid") naming `name` when it is not one."""
    try:
        data = yaml.safe_load(text) or {}
        rules = {}
        for type_name, rule in (data.get("types") or {}).items():
            if type_name not in ALL_TYPES:
                raise ValueError(f"unknown finding type {type_name}")
            action = str(rule.get("action", "warn"))
            if action not in ACTIONS:
                raise ValueError(f"{type_name}: action must be one of {', '.join(ACTIONS)}")
            rules[type_name] = Rule(action, float(rule.get("min_score", 0.0)))
    except (yaml.YAMLError, ValueError, AttributeError, TypeError) as exc:
        raise StudioError("policy_invalid", path=name, detail=str(exc)[:200]) from None
    return Policy(str(data.get("version", "1")), rules)


# what the product promises whatever a site configures: these stay blocking in a policy saved in the app
ALWAYS_BLOCK = ("VN_CCCD", "VN_CMND", "PASSPORT", "PHONE_NUMBER", "BANK_ACCOUNT", "CONFIDENTIAL_MARKING",
                "MISSING_AI_LABEL")
MAX_POLICY_BYTES = 1024 * 1024


def check_replacement(text: str, name: str = "policy.yaml") -> Policy:
    """A policy an admin uploads: valid YAML of the policy's shape, a rule for every type the shipped
    policy lists, and the always-blocking types not weakened. StudioError otherwise."""
    policy = parse_policy(text, name)
    shipped = load_policy(DEFAULT_POLICY)
    missing = sorted(set(shipped.rules) - set(policy.rules))
    if missing:
        raise StudioError("policy_missing_types", types=", ".join(missing))
    weakened = [t for t in ALWAYS_BLOCK if t in shipped.rules and (
        policy.rules[t].action != "block" or policy.rules[t].min_score > shipped.rules[t].min_score)]
    if weakened:
        raise StudioError("policy_weakened", types=", ".join(weakened))
    return policy


def save_policy(settings, data: bytes, name: str = "policy.yaml") -> Path:
    """Validate an uploaded policy, write it to `<data dir>/safety/policy.yaml` (atomically) and make it the
    saved `safety_policy` setting. A refused upload changes nothing. STUDIO_SAFETY_POLICY still wins."""
    import os
    import tempfile

    from studio.config import save_settings

    if len(data) > MAX_POLICY_BYTES:
        raise StudioError("too_large", name=name, size_mb=len(data) / 2**20, limit_mb=MAX_POLICY_BYTES / 2**20)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise StudioError("bad_encoding", name=name) from None
    check_replacement(text, name)
    target = Path(settings.data_dir) / "safety" / "policy.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".policy-", suffix=".yaml", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    save_settings(settings.data_dir, {"safety_policy": str(target)})
    return target


def reset_policy(settings) -> None:
    """Back to the shipped policy (the saved setting is removed; the saved file is left for reference)."""
    from studio.config import save_settings

    save_settings(settings.data_dir, {"safety_policy": None})
