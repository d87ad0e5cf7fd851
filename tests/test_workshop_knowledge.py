"""The workshop on a real knowledge base: material generated with a seed (the same seed, the same material; answer
keys that the engines confirm) and the write-with-ai flow — the studio drafts on the participant's topic with the
offline composer, the participant edits, the edit is scored against the draft's own sources."""

from __future__ import annotations

import pytest

from studio.drafting.prompts import load_prompts
from studio.workflow import accounts
from studio.workshop import sessions
from studio.workshop.material import build_exercises
from tests.workflow_helpers import PASSWORD, cheap_argon2, shared_gate  # noqa: F401

KINDS = ["write-with-ai", "spot-the-risk", "check-the-facts", "quiz"]


@pytest.fixture
def db(tmp_path):
    from studio.workflow.db import init_db

    database = init_db(f"sqlite:///{tmp_path / 'studio.db'}")
    with database.transaction() as s:
        accounts._create_user(s, None, "admin", ["admin"], PASSWORD)
    with database.transaction() as s:
        accounts.add_user(s, "admin", "thu", ["trainer"], PASSWORD)
    yield database
    database.dispose()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_material_from_the_knowledge_base_is_fixed_by_the_seed(sample_kb, lang):
    """GIVEN the sample knowledge base WHEN two sessions are built with seed 5 and one with seed 6
    THEN the first two are identical, and every key is what the engines find in the material."""
    gate = shared_gate()
    a = build_exercises(KINDS, lang, 5, "knowledge", gate=gate, kb=sample_kb, prompts=load_prompts())
    b = build_exercises(KINDS, lang, 5, "knowledge", gate=gate, kb=sample_kb, prompts=load_prompts())
    assert [(s.material, s.answer_key) for s in a] == [(s.material, s.answer_key) for s in b]
    write, spot, facts, quiz = a
    assert write.material["origin"].startswith("kb:") and write.material["format"] in ("zalo_message", "social_post")
    assert {"PHONE_NUMBER", "PERSON"} <= {f["type"] for f in spot.answer_key["findings"]}
    assert facts.answer_key["flagged"] and len(facts.material["sentences"]) >= 2
    assert all(s.endswith("[S1]") for s in facts.material["sentences"])
    assert len(quiz.material["questions"]) >= 1 and len(quiz.answer_key["correct"]) == len(quiz.material["questions"])
    assert all(len(q["options"]) == 4 for q in quiz.material["questions"])
    c = build_exercises(KINDS, lang, 6, "knowledge", gate=gate, kb=sample_kb, prompts=load_prompts())
    assert [s.material for s in c] != [s.material for s in a]


def test_write_with_ai_drafts_on_the_topic_and_scores_the_edit_against_the_drafts_sources(sample_kb, db):
    """GIVEN a participant in a write-with-ai session WHEN the studio drafts a Zalo message on their topic and they
    submit it unchanged THEN it keeps its citations and its grounding; WHEN they change a figure and add a phone
    number THEN grounding and safety lose their points."""
    from studio.workshop.material import write_spec

    spec = write_spec("Viết tin Zalo về chuyển đổi số", "zalo_message", "chuyển đổi số", "test")
    info = db.run(sessions.create_session, "thu", "Viết cùng AI", [spec], lang="vi", seed=1)
    lan = db.run(sessions.join_session, info.code, "Lan")
    draft = sessions.request_draft(db, lan.token, 1, "Công đoàn Ngân hàng chuyển đổi số", sample_kb, load_prompts())
    assert draft.composer == "offline" and draft.sources and "[S" in draft.text
    assert db.read(sessions.participant_view, lan.token).drafts[1].text == draft.text
    gate = shared_gate()
    clean = sessions.submit_answer(db, lan.token, 1, {"text": draft.text}, gate=gate)
    assert clean.score >= 75, clean.feedback
    assert not any(f["code"] == "unsupported" for f in clean.feedback)
    edited = draft.text + "\nCó 987.654 đoàn viên tham gia. [S1] Liên hệ chị Lan: 0912 345 678."
    worse = sessions.submit_answer(db, lan.token, 1, {"text": edited}, gate=gate)
    codes = [f["code"] for f in worse.feedback]
    assert "unsupported" in codes and "safety_block" in codes and worse.score < clean.score
    assert worse.attempts == 2
