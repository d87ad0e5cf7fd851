"""The model path against a real loopback HTTP server speaking the OpenAI chat API (plain and streaming), through
the door's guarded chat client with its one retry policy (the openai client's, honouring Retry-After)."""

from __future__ import annotations

import json
import time

import pytest

from studio.drafting.formats import TalkingPoints, ZaloMessage
from studio.drafting.llm import ChatModel, make_model, parse_json_object
from studio.errors import StudioError
from tests.openai_server import OpenAIServer, endpoint_settings

ZALO = {"text": "Công đoàn Ngân hàng Việt Nam có gần 30.000 người theo dõi fanpage. [S1]"}


@pytest.fixture
def server():
    with OpenAIServer() as srv:
        yield srv


def _model(server, tmp_path, timeout_s: float = 5, retries: int = 2, **kw) -> ChatModel:
    return make_model(endpoint_settings(server, tmp_path, llm_model="test-model", llm_timeout_s=timeout_s,
                                        endpoint_retries=retries, **kw))


def test_structured_output_is_parsed_and_the_prompt_reaches_the_server(server, tmp_path):
    server.reply = lambda messages: "Đây là kết quả:\n```json\n" + json.dumps(ZALO, ensure_ascii=False) + "\n```"
    model = _model(server, tmp_path)
    result = model.generate_structured("PROMPT-BODY [S1] nguồn", ZaloMessage, "zalo_message")
    assert isinstance(result, ZaloMessage) and result.text == ZALO["text"]
    body = server.requests[0]["body"]
    assert body["model"] == "test-model"
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][1]["content"] == "PROMPT-BODY [S1] nguồn"


def test_invalid_json_is_repaired_with_the_validation_error(server, tmp_path):
    replies = iter(["not json at all", json.dumps({"title": "Ý chính", "points": ["a [S1]"]}),
                    json.dumps({"title": "Ý chính", "points": [f"Ý {i}. [S1]" for i in range(5)]})])
    server.reply = lambda messages: next(replies)
    model = _model(server, tmp_path)
    result = model.generate_structured("p", TalkingPoints, "talking_points")
    assert len(result.points) == 5 and len(server.requests) == 3
    repair = server.requests[2]["body"]["messages"]
    assert repair[-2]["role"] == "assistant" and "points" in repair[-1]["content"]  # the error is sent back


def test_output_that_stays_invalid_is_reported(server, tmp_path):
    server.reply = lambda messages: json.dumps({"wrong": True})
    model = _model(server, tmp_path)
    with pytest.raises(StudioError) as err:
        model.generate_structured("p", ZaloMessage, "zalo_message")
    assert err.value.code == "llm_bad_output" and len(server.requests) == 3
    assert "zalo_message" in err.value.message("en")


def test_streaming_delivers_the_text_as_it_arrives(server, tmp_path):
    text = json.dumps(ZALO, ensure_ascii=False)
    server.reply = lambda messages: text
    model = _model(server, tmp_path)
    tokens: list[str] = []
    result = model.generate_structured("p", ZaloMessage, "zalo_message", on_token=tokens.append)
    assert server.requests[0]["body"]["stream"] is True
    assert len(tokens) > 3 and "".join(tokens) == text
    assert result.text == ZALO["text"]


def test_rate_limit_is_retried_as_long_as_retry_after_asks(server, tmp_path):
    """GIVEN a server answering 429 twice with Retry-After: 0.4 WHEN a draft is asked for
    THEN the client retries by itself after waiting what the server asked, and the third answer is used."""
    server.statuses = [429, 429]
    server.retry_after = 0.4
    server.reply = lambda messages: json.dumps(ZALO)
    model = _model(server, tmp_path)
    started = time.monotonic()
    assert model.generate_structured("p", ZaloMessage, "zalo_message").text == ZALO["text"]
    assert len(server.requests) == 3 and time.monotonic() - started >= 0.8


@pytest.mark.parametrize(("status", "code", "calls"), [
    (429, "llm_rate_limited", 3), (500, "llm_unavailable", 3), (503, "llm_unavailable", 3),
    (401, "llm_auth", 1), (404, "llm_not_found", 1), (400, "llm_unavailable", 1),
])
def test_http_failures_end_in_a_clear_message(server, tmp_path, status, code, calls):
    server.status = status
    server.retry_after = 0.01
    model = _model(server, tmp_path)
    with pytest.raises(StudioError) as err:
        model.complete([("human", "x")])
    assert err.value.code == code and len(server.requests) == calls
    assert server.url in err.value.message("vi")


def test_timeout_and_unreachable_endpoint(server, tmp_path):
    server.delay_s = 1.5
    model = _model(server, tmp_path, timeout_s=0.3, retries=1)
    with pytest.raises(StudioError) as err:
        model.complete([("human", "x")])
    assert err.value.code == "llm_unavailable" and "Timeout" in err.value.message("en")
    down = _model("http://127.0.0.1:9/v1", tmp_path, retries=0)
    with pytest.raises(StudioError) as err:
        down.complete([("human", "x")])
    assert err.value.code == "llm_unavailable" and "Connection" in err.value.message("en")


def test_json_is_found_inside_prose():
    assert parse_json_object('Sure: {"a": {"b": 1}} hope it helps') == {"a": {"b": 1}}
    with pytest.raises(ValueError):
        parse_json_object("no braces")
