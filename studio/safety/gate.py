"""The safety gate: every detector over a text, the policy applied, one report with a verdict.

`SafetyGate` builds the Presidio analyzer on first use (≈2–3 s) and keeps it; everything else is
pure. A report carries the hash of the exact text it checked, so later steps know when the text
changed after the check.
"""

from __future__ import annotations

import threading
from pathlib import Path

from studio.errors import StudioError
from studio.safety.findings import CONFIDENTIAL_MARKING, PERSON, PII_TYPES, Finding, SafetyReport, text_hash
from studio.safety.policy import Policy, is_public, load_policy, verdict


class SafetyGate:
    def __init__(self, policy: Policy | None = None, analyzer=None, policy_path: Path | None = None) -> None:
        self.policy = policy or load_policy(policy_path)
        self._analyzer = analyzer
        self._lock = threading.Lock()

    @property
    def analyzer(self):
        with self._lock:
            if self._analyzer is None:
                from studio.safety.engine import build_analyzer

                self._analyzer = build_analyzer()
            return self._analyzer

    def findings(self, text: str, lang: str = "vi", claims=None, publishing: bool = False,
                 drafted: bool = False) -> list[Finding]:
        """All findings, severities set by the policy, in text order. `drafted`: the text is a draft written in
        `lang`, so a sentence in another language is reported too (OTHER_LANGUAGE)."""
        from studio.safety.engine import detect_pii
        from studio.safety.injection import detect_injection
        from studio.safety.public import private_people
        from studio.safety.risks import (
            check_ai_label,
            other_language_findings,
            detect_confidential,
            detect_sensitive_records,
            has_record_words,
            simple_person_spans,
            unsupported_claims_to_findings,
        )

        pii = detect_pii(self.analyzer, text, lang) if text.strip() else []
        floor = self.policy.rules[PERSON].min_score  # a person the gate itself would not report is not a subject
        people = [(f.start, f.end) for f in pii if f.type == PERSON and not is_public(f) and f.score >= floor]
        if not any(f.type == PERSON for f in pii):  # the records' own simple rule, office-holders left out
            people = private_people(text, simple_person_spans(text)) if has_record_words(text) else []
        found = pii + detect_confidential(text) + detect_sensitive_records(text, people)
        found += detect_injection(text)
        if claims:
            found += unsupported_claims_to_findings(claims)
        if publishing:
            found += check_ai_label(text, lang)
        if drafted:
            found += other_language_findings(text, lang)
        found.sort(key=lambda f: (f.start, f.end, f.type))
        return self.policy.apply(found)

    def personal_data(self, text: str, lang: str = "vi") -> list[Finding]:
        """Only the personal data in `text` (what masking replaces), severities set by the policy: the
        recognizers without the confidentiality, record and injection checks."""
        from studio.safety.engine import detect_pii

        found = detect_pii(self.analyzer, text, lang) if text.strip() else []
        return self.policy.apply([f for f in found if f.type in PII_TYPES])

    def marked_sources(self, citations: list[dict], lang: str = "vi") -> list[Finding]:
        """A blocking CONFIDENTIAL_MARKING for each citation whose document is kept under a confidentiality
        marking (`marking` set by the library): masking personal data can't make such a text publishable."""
        out = []
        for c in citations:
            if c.get("marking"):
                detail = StudioError("draft_source_confidential", marker=c.get("marker", ""), title=c.get("title", ""),
                                     marking=c["marking"]).message(lang)
                out.append(Finding(CONFIDENTIAL_MARKING, 0, 0, f"[{c.get('marker', '')}] {c.get('title', '')}", 1.0,
                                   "source_marking", "block", detail))
        return out

    def check(self, text: str, lang: str = "vi", claims=None, publishing: bool = False,
              drafted: bool = False) -> SafetyReport:
        findings = self.findings(text, lang, claims, publishing, drafted)
        return SafetyReport(verdict=verdict(findings), findings=findings, text_hash=text_hash(text),
                            policy_version=self.policy.version, lang=lang)


def accept_warning(report: SafetyReport, index: int, reason: str, user: str) -> SafetyReport:
    """Record that a person accepts warning `index` with a reason; blocking findings can't be accepted."""
    finding = report.findings[index]
    if finding.severity == "block":
        raise StudioError("warning_not_acceptable", type=finding.type)
    if not reason.strip():
        raise StudioError("reason_required")
    report.accepted.append({"index": index, "type": finding.type, "reason": reason.strip(), "by": user})
    report.verdict = verdict(report.findings, {a["index"] for a in report.accepted})
    return report
