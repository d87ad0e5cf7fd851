"""Drafting end to end on the sample knowledge base: offline composer, model path, fallback, grounding."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from studio.config import PROJECT_ROOT
from studio.drafting.formats import FORMAT_MODELS, used_markers
from studio.drafting.llm import make_model
from studio.drafting.models import DraftRequest
from studio.drafting.prompts import load_prompts
from studio.drafting.service import draft
from tests.openai_server import OpenAIServer, endpoint_settings

TOPIC = {"vi": "chuyển đổi số trong công đoàn ngân hàng", "en": "digital transformation in bank union work"}


@pytest.fixture(scope="module")
def registry():
    return load_prompts()


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", list(FORMAT_MODELS))
def test_offline_composer_drafts_every_format_with_resolvable_citations(sample_kb, registry, fmt, lang):
    request = DraftRequest(format=fmt, topic=TOPIC[lang], lang=lang, questions=3)
    result = draft(sample_kb, request, registry, model=None)
    assert result.composer == "offline" and result.model == "offline-composer"
    assert result.prompt_id.endswith(f"{fmt}.{lang}") and result.prompt_version >= 1
    FORMAT_MODELS[fmt].model_validate(result.content)
    known = {c.marker for c in result.citations}
    used = used_markers(result.content)
    assert used and used <= known
    assert result.grounding == [], [c.model_dump() for c in result.grounding]  # quoted text is grounded
    assert result.limits == []
    for ref in result.citations:  # each citation resolves to its document span
        _, text = sample_kb.get_document(ref.doc_id)
        assert text[ref.start:ref.end] == ref.text


def _model(server, tmp_path, model: str = "m", **extra):
    return make_model(endpoint_settings(server, tmp_path, llm_model=model, **extra))


def test_model_receives_passages_and_prompt_text_and_its_draft_is_recorded(sample_kb, registry, tmp_path):
    """GIVEN a chat model on loopback WHEN a Zalo message is drafted
    THEN the prompt file's text and the retrieved passages reach it, and the draft records model and prompt."""
    reply = {"text": "Fanpage của Công đoàn Ngân hàng Việt Nam có gần 30.000 người theo dõi. [S1]"}
    with OpenAIServer() as server:
        server.reply = lambda messages: json.dumps(reply, ensure_ascii=False)
        model = _model(server, tmp_path, "union-writer-7b")
        request = DraftRequest(format="zalo_message", topic="Fanpage công đoàn có bao nhiêu người theo dõi", lang="vi")
        result = draft(sample_kb, request, registry, model=model)
        prompt = server.requests[0]["body"]["messages"][-1]["content"]
    template = registry.get("zalo_message", "vi")
    assert result.composer == "model" and result.model == "union-writer-7b"
    assert (result.prompt_id, result.prompt_version) == ("zalo_message.vi", template.version)
    first_line = next(line for line in template.body.splitlines() if line.strip() and "$" not in line)
    assert first_line.strip() in prompt
    assert all(f"[{c.marker}]" in prompt and c.text[:60] in prompt for c in result.citations)
    assert result.content["text"] == reply["text"]


def test_the_model_gets_the_house_style_and_a_variant_note_and_english_sources_are_marked_translated(
        sample_kb, registry, tmp_path):
    """GIVEN a chat model on loopback, the shipped house style and Vietnamese + English sources WHEN variant 2 of a
    Vietnamese Zalo message is drafted and the model cites an English passage THEN the prompt carries the style's
    terms and greeting and asks for a different variant, that citation is marked translated, the Vietnamese one
    is not, and the style check ran on the reply."""
    from studio.style.store import default_style

    style = default_style()
    with OpenAIServer() as server:
        server.reply = lambda messages: json.dumps({"text": "placeholder"})
        model = _model(server, tmp_path)
        request = DraftRequest(format="zalo_message", topic="Fanpage công đoàn có bao nhiêu người theo dõi", lang="vi",
                               variant=1)
        sources = sample_kb.search(request.topic, k=8)
        english = next(n for n, p in enumerate(sources, start=1) if p.lang == "en")
        vietnamese = next(n for n, p in enumerate(sources, start=1) if p.lang == "vi")
        reply = {"text": f"Fanpage có gần 30.000 người theo dõi [S{english}]. Đoàn viên hãy theo dõi fanpage "
                         f"[S{vietnamese}]. Viết 57/NQWT là sai [S{vietnamese}]."}
        server.reply = lambda messages: json.dumps(reply, ensure_ascii=False)
        result = draft(sample_kb, request, registry, model=model, style=style)
        prompt = server.requests[0]["body"]["messages"][-1]["content"]
    assert "57-NQ/TW" in prompt and style.greeting("vi", "members") in prompt
    assert "phương án 2" in prompt.lower() and result.variant == 1
    by_marker = {c.marker: c for c in result.citations}
    assert by_marker[f"S{english}"].translated and not by_marker[f"S{vietnamese}"].translated
    assert [f["text"] for f in result.style] == ["57/NQWT"]


def test_an_off_topic_request_never_reaches_the_model(sample_kb, registry, tmp_path):
    """GIVEN a chat model on loopback WHEN the topic is not in the knowledge base THEN drafting stops with a message
    naming what is missing, in the user's language, and the model is never called."""
    from studio.errors import StudioError

    with OpenAIServer() as server:
        with pytest.raises(StudioError) as err:
            draft(sample_kb, DraftRequest(format="article", topic="Giá vàng SJC hôm nay bao nhiêu?", lang="vi"),
                  registry, model=_model(server, tmp_path))
        assert server.requests == []
    assert err.value.code == "draft_no_sources"
    assert "Giá vàng SJC" in err.value.message("vi") and "Kho tri thức" in err.value.message("vi")
    assert "knowledge base" in err.value.message("en")


def test_planted_wrong_figure_from_the_model_is_flagged(sample_kb, registry, tmp_path):
    reply = {"text": "Fanpage có gần 45.000 người theo dõi. [S1]"}
    with OpenAIServer() as server:
        server.reply = lambda messages: json.dumps(reply, ensure_ascii=False)
        result = draft(sample_kb, DraftRequest(format="zalo_message", topic="fanpage người theo dõi", lang="vi"),
                       registry, model=_model(server, tmp_path))
    assert [(c.kind, c.text) for c in result.grounding] == [("number", "45.000")]


def test_a_failing_model_falls_back_to_the_offline_composer_and_says_so(sample_kb, registry, tmp_path):
    with OpenAIServer() as server:
        server.status, server.retry_after = 500, 0.01
        model = _model(server, tmp_path, endpoint_retries=1)
        result = draft(sample_kb, DraftRequest(format="news_brief", topic=TOPIC["vi"], lang="vi"), registry, model=model)
    assert result.composer == "offline" and len(server.requests) == 2
    assert result.notices and server.url in result.notices[0] and "không phản hồi" in result.notices[0]


def _cli(args, data_dir, extra_env=None):
    env = {**os.environ, "STUDIO_DATA_DIR": str(data_dir), "STUDIO_LANG": "vi", **(extra_env or {})}
    env.pop("STUDIO_LLM_BASE_URL", None) if "STUDIO_LLM_BASE_URL" not in (extra_env or {}) else None
    return subprocess.run([sys.executable, "-m", "studio.cli", *args], capture_output=True, text=True, env=env,
                          cwd=PROJECT_ROOT, timeout=300)


def test_cli_draft_json_is_deterministic_and_complete(tmp_path):
    assert _cli(["sample"], tmp_path).returncode == 0
    args = ["draft", "--format", "quiz", "--topic", "Nghị quyết 57-NQ/TW", "--questions", "3", "--json"]
    first, second = _cli(args, tmp_path), _cli(args, tmp_path)
    assert first.returncode == 0, first.stderr
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    a.pop("created_at"), b.pop("created_at")
    assert a == b
    assert {"questions", "citations", "composer", "model", "prompt_id", "prompt_version", "grounding"} <= set(a)
    assert a["composer"] == "offline" and len(a["questions"]) == 3
    assert all({"id", "title", "section", "start", "end"} <= set(c) | {"id"} for c in a["citations"])


def test_cli_ground_flags_planted_errors_and_passes_correct_text(tmp_path):
    source = tmp_path / "nguon.txt"
    source.write_text("Ngày 22/12/2024, Bộ Chính trị ban hành Nghị quyết số 57-NQ/TW. "
                      "Đảng bộ BIDV có hơn 12.300 đảng viên.", encoding="utf-8")
    good = tmp_path / "dung.txt"
    good.write_text("Nghị quyết 57-NQ/TW được ban hành ngày 22 tháng 12 năm 2024. BIDV có hơn 12,300 đảng viên.",
                    encoding="utf-8")
    bad = tmp_path / "sai.txt"
    bad.write_text("Nghị quyết 57-NQ/TW được ban hành ngày 23/12/2024. BIDV có hơn 13.300 đảng viên.",
                   encoding="utf-8")
    ok = _cli(["ground", str(good), "--source-file", str(source)], tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    flagged = _cli(["ground", str(bad), "--source-file", str(source), "--json"], tmp_path)
    assert flagged.returncode == 1
    claims = json.loads(flagged.stdout)
    assert sorted(c["kind"] for c in claims) == ["date", "number"]


def test_cli_draft_uses_the_configured_endpoint_and_falls_back_when_it_fails(tmp_path):
    assert _cli(["sample"], tmp_path).returncode == 0
    points = {"title": "Chuyển đổi số", "points": [f"Ý số {i} về chuyển đổi số trong công đoàn [S1]." for i in range(1, 6)]}
    args = ["draft", "--format", "talking_points", "--topic", "chuyển đổi số công đoàn", "--json"]
    with OpenAIServer() as server:
        server.reply = lambda messages: json.dumps(points, ensure_ascii=False)
        env = {"STUDIO_LLM_BASE_URL": server.url, "STUDIO_LLM_MODEL": "loopback-model"}
        ok = _cli(args, tmp_path, env)
        assert ok.returncode == 0, ok.stderr
        data = json.loads(ok.stdout)
        assert (data["composer"], data["model"], data["prompt_id"]) == ("model", "loopback-model", "talking_points.vi")
        assert data["points"] == points["points"]
        server.status = 503
        down = _cli(args, tmp_path, env)
    data = json.loads(down.stdout)
    assert down.returncode == 0 and data["composer"] == "offline"
    assert any(server.url in n for n in data["notices"])
