"""The registry of finding types (studio.safety.finding_types) and everything that derives from it: a type
missing a name, a mask label or a policy rule, or a recognizer emitting a type nobody registered, fails here."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from studio.config import PROJECT_ROOT
from studio.safety import findings
from studio.safety.finding_types import (
    LANGS,
    RECOGNIZERS,
    REGISTRY,
    FindingType,
    _index,
    codes,
    type_label,
)
from studio.safety.policy import (
    ALWAYS_BLOCK,
    DEFAULT_POLICY,
    default_policy,
    load_policy,
)

SPECS = list(REGISTRY.values())


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.code)
def test_every_type_has_its_names_in_both_languages_and_a_mask_label(spec):
    from studio.safety.mask import LABELS
    from studio.ui.i18n import translate
    from studio.workshop.scoring import RISK_NAMES

    for lang in LANGS:
        assert spec.label(lang).strip() and spec.mask_label(lang).strip() and spec.workshop_name(lang).strip()
        assert translate(lang, f"finding_type_{spec.code}") == spec.label(lang) == type_label(spec.code, lang)
        assert LABELS[lang][spec.code] == spec.mask_label(lang)
        assert RISK_NAMES[lang][spec.code] == spec.workshop_name(lang)
    assert spec.label("vi") != spec.label("en")  # a Vietnamese name, not the English one copied


def test_the_shipped_policy_has_a_rule_for_every_type_and_it_is_the_registrys_default():
    with open(DEFAULT_POLICY, encoding="utf-8") as fh:
        rules = yaml.safe_load(fh)["types"]
    shipped = {code: (rule["action"], float(rule["min_score"])) for code, rule in rules.items()}
    default = {code: (r.action, r.min_score) for code, r in default_policy().rules.items()}
    expected = "\n".join(f"  {code + ':':20s} {{action: {action}, min_score: {score}}}"
                         for code, (action, score) in default.items() if shipped.get(code) != (action, score))
    assert shipped == default, f"studio/safety/policy.yaml should hold (and nothing else):\n{expected}"
    assert load_policy(DEFAULT_POLICY).rules == default_policy().rules


def test_every_type_a_recognizer_can_emit_is_registered():
    """GIVEN the recognizers the analyzer is built from WHEN their supported entities are listed
    THEN each is a registered type, and every type registered as a recognizer's has one."""
    from studio.safety.recognizers import build_recognizers

    emitted = {entity for r in build_recognizers() for entity in r.supported_entities}
    assert emitted - set(REGISTRY) == set(), "register these in studio/safety/finding_types.py"
    # a table row linking a name to a salary is a SENSITIVE_RECORD found by a recognizer (studio.safety.tables)
    assert emitted - {"SENSITIVE_RECORD"} == {code for code, spec in REGISTRY.items() if spec.detector == RECOGNIZERS}


def test_the_type_lists_and_constants_derive_from_the_registry():
    assert findings.ALL_TYPES == tuple(REGISTRY) == findings.PII_TYPES + findings.RISK_TYPES
    assert findings.PII_TYPES == codes("pii") and set(findings.RISK_TYPES) == set(codes("risk", "quality"))
    for code in REGISTRY:
        assert getattr(findings, code) == code  # `from studio.safety.findings import PHONE_NUMBER` keeps working


def test_the_promises_read_from_the_registry_stay_as_documented():
    """Identity numbers, phone numbers, bank accounts, confidential markings and the AI label always block
    (README and the admin's upload help say so); personal data and confidential markings can be masked."""
    from studio.workflow.views import MASKABLE

    assert set(ALWAYS_BLOCK) == {"VN_CCCD", "VN_CMND", "PASSPORT", "PHONE_NUMBER", "BANK_ACCOUNT",
                                 "CONFIDENTIAL_MARKING", "MISSING_AI_LABEL"}
    assert MASKABLE == set(findings.PII_TYPES) | {"CONFIDENTIAL_MARKING"}


def test_the_ui_strings_hold_no_copy_of_the_type_names():
    with open(PROJECT_ROOT / "studio" / "ui" / "strings.yaml", encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    assert [k for table in raw.values() for k in table if k.startswith("finding_type_")] == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_workshop_bank_plants_only_registered_types(lang):
    with open(PROJECT_ROOT / "studio" / "workshop" / "bank" / f"{lang}.yaml", encoding="utf-8") as fh:
        bank = yaml.safe_load(fh)
    planted = {t for exercise in bank["spot_the_risk"] for t in exercise["planted"]}
    assert planted and planted <= set(REGISTRY)


def test_a_spec_missing_a_part_fails_when_it_is_declared():
    spec = REGISTRY["PHONE_NUMBER"]
    for change in ({"label_en": ""}, {"mask_vi": " "}, {"workshop_vi": ""}, {"kind": "secret"},
                   {"action": "shout"}, {"action": "warn"}, {"min_score": 1.5}):
        with pytest.raises(ValueError, match="PHONE_NUMBER"):
            dataclasses.replace(spec, **change)  # (action warn: PHONE_NUMBER is always_block)
    with pytest.raises(ValueError, match="twice"):
        _index((spec, spec))
    assert isinstance(spec, FindingType)
