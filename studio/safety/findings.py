"""What the safety gate reports: findings with their span and severity, and the report of a text."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

# Finding types. Personal data:
PERSON = "PERSON"
PHONE_NUMBER = "PHONE_NUMBER"
VN_CCCD = "VN_CCCD"  # citizen identity card, 12 digits
VN_CMND = "VN_CMND"  # old identity card, 9 or 12 digits
PASSPORT = "PASSPORT"
VN_TAX_CODE = "VN_TAX_CODE"
VN_SOCIAL_INSURANCE = "VN_SOCIAL_INSURANCE"
BANK_ACCOUNT = "BANK_ACCOUNT"
CREDIT_CARD = "CREDIT_CARD"
EMAIL_ADDRESS = "EMAIL_ADDRESS"
STREET_ADDRESS = "STREET_ADDRESS"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
VEHICLE_PLATE = "VEHICLE_PLATE"
# Risks:
CONFIDENTIAL_MARKING = "CONFIDENTIAL_MARKING"
SENSITIVE_RECORD = "SENSITIVE_RECORD"  # a named person + discipline/complaint/denunciation/health/salary
PROMPT_INJECTION = "PROMPT_INJECTION"
UNSUPPORTED_CLAIM = "UNSUPPORTED_CLAIM"
MISSING_AI_LABEL = "MISSING_AI_LABEL"

PII_TYPES = (PERSON, PHONE_NUMBER, VN_CCCD, VN_CMND, PASSPORT, VN_TAX_CODE, VN_SOCIAL_INSURANCE, BANK_ACCOUNT,
             CREDIT_CARD, EMAIL_ADDRESS, STREET_ADDRESS, DATE_OF_BIRTH, VEHICLE_PLATE)
RISK_TYPES = (CONFIDENTIAL_MARKING, SENSITIVE_RECORD, PROMPT_INJECTION, UNSUPPORTED_CLAIM, MISSING_AI_LABEL)
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
