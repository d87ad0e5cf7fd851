"""What the safety gate reports: findings with their span and severity, and the report of a text."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

# Finding types: the codes and their specs live in the registry (studio.safety.finding_types); the constants
# and the lists are re-exported here, where the rest of the code has always imported them.
from studio.safety.finding_types import (  # noqa: F401  (re-exported)
    BANK_ACCOUNT,
    CONFIDENTIAL_MARKING,
    CREDIT_CARD,
    DATE_OF_BIRTH,
    EMAIL_ADDRESS,
    MISSING_AI_LABEL,
    OTHER_LANGUAGE,
    PASSPORT,
    PERSON,
    PHONE_NUMBER,
    PROMPT_INJECTION,
    SENSITIVE_RECORD,
    STREET_ADDRESS,
    UNSUPPORTED_CLAIM,
    VEHICLE_PLATE,
    VN_CCCD,
    VN_CMND,
    VN_SOCIAL_INSURANCE,
    VN_TAX_CODE,
    codes,
)

PII_TYPES = codes("pii")
RISK_TYPES = codes("risk", "quality")  # everything that is not personal data
ALL_TYPES = PII_TYPES + RISK_TYPES


@dataclass
class Finding:
    type: str
    start: int
    end: int
    text: str
    score: float
    recognizer: str
    severity: str = "info"  # block | warn | info, set by the policy
    detail: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SafetyReport:
    verdict: str  # pass | warn | block
    findings: list[Finding]
    text_hash: str
    policy_version: str
    lang: str
    accepted: list[dict] = field(default_factory=list)  # warnings accepted with a reason

    def to_dict(self) -> dict:
        return {"verdict": self.verdict, "findings": [f.to_dict() for f in self.findings],
                "text_hash": self.text_hash, "policy_version": self.policy_version, "lang": self.lang,
                "accepted": list(self.accepted)}


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
