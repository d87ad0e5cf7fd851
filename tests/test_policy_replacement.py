"""A safety policy uploaded by an admin (`studio.safety.policy.save_policy`): validated in full before it is
written, saved where every `load_settings()` finds it, and STUDIO_SAFETY_POLICY still wins."""

from __future__ import annotations

import pytest

from studio.config import load_settings
from studio.errors import StudioError
from studio.safety.policy import DEFAULT_POLICY, MAX_POLICY_BYTES, load_policy, reset_policy, save_policy

SHIPPED = DEFAULT_POLICY.read_text(encoding="utf-8")


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STUDIO_SAFETY_POLICY", raising=False)
    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path / "data"))
    return load_settings()


def refused(settings, data: bytes) -> str:
    with pytest.raises(StudioError) as err:
        save_policy(settings, data, "upload.yaml")
    assert load_settings().safety_policy is None and not (settings.data_dir / "safety").exists()
    return err.value.code


def test_a_valid_policy_is_saved_and_picked_up_by_the_settings(settings):
    warn_plates = SHIPPED.replace("VEHICLE_PLATE:       {action: warn,  min_score: 0.5}",
                                  "VEHICLE_PLATE:       {action: info,  min_score: 0.5}")
    path = save_policy(settings, warn_plates.encode("utf-8"))
    assert path == settings.data_dir / "safety" / "policy.yaml"
    reloaded = load_settings()
    assert reloaded.safety_policy == path
    assert load_policy(reloaded.safety_policy).rules["VEHICLE_PLATE"].action == "info"
    reset_policy(reloaded)
    assert load_settings().safety_policy is None


@pytest.mark.parametrize("data, code", [
    (b"\xff\xfe not utf-8", "bad_encoding"),
    (b"types: {PHONE_NUMBER: {action: explode}}", "policy_invalid"),
    (b"types: {NOT_A_TYPE: {action: warn}}", "policy_unknown_types"),
    (b"types: [PHONE_NUMBER]", "policy_invalid"),
    (b"types: {PHONE_NUMBER: {action: block}}", "policy_missing_types"),
    (SHIPPED.replace("BANK_ACCOUNT:        {action: block, min_score: 0.5}",
                     "BANK_ACCOUNT:        {action: block, min_score: 0.99}").encode(), "policy_weakened"),
    (SHIPPED.replace("MISSING_AI_LABEL:    {action: block, min_score: 0.0}",
                     "MISSING_AI_LABEL:    {action: warn,  min_score: 0.0}").encode(), "policy_weakened"),
    (b"#" * (MAX_POLICY_BYTES + 1), "too_large"),
])
def test_a_bad_upload_is_refused_and_changes_nothing(settings, data, code):
    assert refused(settings, data) == code


def test_the_environment_still_wins(settings, monkeypatch, tmp_path):
    save_policy(settings, SHIPPED.encode("utf-8"))
    site = tmp_path / "site-policy.yaml"
    site.write_text(SHIPPED, encoding="utf-8")
    monkeypatch.setenv("STUDIO_SAFETY_POLICY", str(site))
    assert load_settings().safety_policy == site
