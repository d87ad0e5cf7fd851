"""The safety policy: finding type → block | warn | info with a score threshold, from a YAML file.

A policy file must hold a rule for every registered finding type (studio.safety.finding_types) and nothing
else; the shipped policy.yaml holds the registry's defaults (a test keeps the two equal)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from studio.errors import StudioError
from studio.safety.finding_types import ACTIONS, REGISTRY
from studio.safety.findings import Finding

DEFAULT_POLICY = Path(__file__).with_name("policy.yaml")


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
        if rule is None:  # a loaded policy has every registered type: this one was never registered
            raise StudioError("finding_type_unknown", type=finding.type, recognizer=finding.recognizer or "?")
        if finding.score < rule.min_score:
            return "info"
        if is_public(finding):  # a public body's hotline, a venue's address: shown, never blocking;
            return {"block": "warn", "warn": "info"}.get(rule.action, rule.action)  # a minister in his role: info
        return rule.action

    def apply(self, findings: list[Finding]) -> list[Finding]:
        for finding in findings:
            finding.severity = self.severity(finding)
        return findings


def is_public(finding: Finding) -> bool:
    """A person named with a public office, or a public body's or venue's contact (studio.safety.public)."""
    return finding.detail.startswith("public:")


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


def default_policy() -> Policy:
    """The registry's default rules (what the shipped policy.yaml holds)."""
    return Policy("default", {code: Rule(spec.action, spec.min_score) for code, spec in REGISTRY.items()})


def parse_policy(text: str, name: str = "policy.yaml") -> Policy:
    """A policy from YAML text. StudioError naming `name`: "policy_invalid" when it is not one,
    "policy_unknown_types" when it names a type the registry lacks, "policy_missing_types" when a registered
    type has no rule (a type without a rule would otherwise be silently ignored)."""
    try:
        data = yaml.safe_load(text) or {}
        types = data.get("types") or {}
        if not isinstance(types, dict):
            raise TypeError("`types` must map each finding type to {action, min_score}")
        unknown = [str(t) for t in types if t not in REGISTRY]
        if unknown:
            raise StudioError("policy_unknown_types", path=name, types=", ".join(unknown),
                              known=", ".join(REGISTRY))
        rules = {}
        for type_name, rule in types.items():
            action = str(rule.get("action", "warn"))
            if action not in ACTIONS:
                raise ValueError(f"{type_name}: action must be one of {', '.join(ACTIONS)}")
            rules[type_name] = Rule(action, float(rule.get("min_score", 0.0)))
    except (yaml.YAMLError, ValueError, AttributeError, TypeError) as exc:
        raise StudioError("policy_invalid", path=name, detail=str(exc)[:200]) from None
    missing = [code for code in REGISTRY if code not in rules]
    if missing:
        raise StudioError("policy_missing_types", path=name, types=", ".join(missing))
    return Policy(str(data.get("version", "1")), rules)


# what the product promises whatever a site configures: these stay blocking in a policy saved in the app
ALWAYS_BLOCK = tuple(code for code, spec in REGISTRY.items() if spec.always_block)
MAX_POLICY_BYTES = 1024 * 1024


def check_replacement(text: str, name: str = "policy.yaml") -> Policy:
    """A policy an admin uploads: valid YAML of the policy's shape, a rule for every registered type, and the
    always-blocking types not weakened below the registry's defaults. StudioError otherwise."""
    policy = parse_policy(text, name)
    weakened = [t for t in ALWAYS_BLOCK if policy.rules[t].action != "block"
                or policy.rules[t].min_score > REGISTRY[t].min_score]
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
