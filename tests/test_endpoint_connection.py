"""`studio.endpoints`: one real request per "test connection" against the loopback OpenAI-compatible server
(chat, embeddings, speech), clear messages for failures and an unreachable port, and saving endpoints to
`<data dir>/studio.toml` where the settings pick them up (the environment still wins)."""

from __future__ import annotations

import time

import pytest

from studio import endpoints
from studio.config import Settings, load_settings, saved_settings_path
from studio.errors import StudioError
from tests.conftest import free_port
from tests.openai_server import OpenAIServer


@pytest.fixture
def server():
    with OpenAIServer() as srv:
        yield srv


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("LLM_BASE_URL", "LLM_MODEL", "LLM_API_KEY", "EMBEDDINGS_BASE_URL", "EMBEDDINGS_MODEL",
                 "EMBEDDINGS_API_KEY", "TTS_BASE_URL", "TTS_MODEL", "TTS_VOICE", "TTS_API_KEY", "SAFETY_POLICY"):
        monkeypatch.delenv(f"STUDIO_{name}", raising=False)
    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_chat_is_tested_with_one_one_token_completion(server):
    result = endpoints.test_connection("chat", server.url, "qwen2.5:7b", "sk-test", timeout=5)
    assert result.ok and result.latency_ms >= 1
    assert [r["path"] for r in server.requests] == ["/v1/chat/completions"]
    body = server.requests[0]["body"]
    assert body["max_tokens"] == 1 and body["model"] == "qwen2.5:7b" and not body.get("stream")
    assert result.message("vi").startswith(f"Kết nối được: mô hình qwen2.5:7b tại {server.url} trả lời sau ")
    assert result.message("en").endswith(" ms.")


def test_embeddings_are_tested_with_one_input_and_report_the_dimension(server):
    result = endpoints.test_connection("embeddings", server.url + "/", "bge-m3", timeout=5)
    assert result.ok and result.params["dim"] == 64
    assert [(r["path"], r["body"]["input"]) for r in server.requests] == [("/v1/embeddings", ["công đoàn"])]
    assert "vector 64 chiều" in result.message("vi") and "64-dimensional" in result.message("en")


def test_speech_is_tested_with_a_short_input_in_wav(server):
    result = endpoints.test_connection("tts", server.url, "tts-1", voice="nova", timeout=5)
    assert result.ok
    (request,) = server.requests
    assert request["path"] == "/v1/audio/speech"
    assert request["body"]["voice"] == "nova" and request["body"]["response_format"] == "wav"
    assert len(request["body"]["input"]) < 20
    assert "KB âm thanh" in result.message("vi")


@pytest.mark.parametrize("status, code, vi, en", [
    (401, "endpoint_auth", "từ chối khóa API (HTTP 401)", "refused the API key (HTTP 401)"),
    (404, "endpoint_not_found", "không có mô hình “m”", "has no model “m”"),
    (500, "endpoint_http", "trả lỗi HTTP 500", "HTTP error 500"),
])
def test_a_failing_server_gives_a_clear_message_after_exactly_one_request(server, status, code, vi, en):
    server.status = status
    result = endpoints.test_connection("chat", server.url, "m", timeout=5)
    assert not result.ok and result.code == code and len(server.requests) == 1  # no retries
    assert vi in result.message("vi") and en in result.message("en")
    assert "Traceback" not in result.message("vi")


def test_an_unreachable_port_says_so_quickly():
    url = f"http://127.0.0.1:{free_port()}/v1"
    start = time.monotonic()
    result = endpoints.test_connection("embeddings", url, "bge-m3", timeout=5)
    assert time.monotonic() - start < 5
    assert (result.ok, result.code, result.latency_ms) == (False, "endpoint_unreachable", None)
    assert result.message("vi") == f"Không kết nối được tới {url}: máy chủ không trả lời hoặc địa chỉ sai."
    assert result.message("en") == f"Cannot connect to {url}: the server does not answer or the address is wrong."


def test_a_slow_server_times_out(server):
    server.delay_s = 1.5
    result = endpoints.test_connection("chat", server.url, "m", timeout=0.5)
    assert result.code == "endpoint_timeout" and result.message("en") == f"{server.url} did not answer within 0.5 seconds."


@pytest.mark.parametrize("url", ["", "localhost:11434", "ftp://host/v1", "http://", "http://host:99999/v1",
                                 "http://host/v1?x=1"])
def test_an_invalid_address_is_refused_without_a_request(server, url):
    result = endpoints.test_connection("chat", url, "m")
    assert result.code == "endpoint_url_invalid" and not server.requests
    assert endpoints.test_connection("chat", server.url, "  ").code == "endpoint_model_missing"


def test_an_api_key_that_cannot_travel_in_a_header_is_refused(server, env):
    assert endpoints.test_connection("chat", server.url, "m", "khóa-bí-mật").code == "endpoint_key_invalid"
    assert not server.requests
    with pytest.raises(StudioError) as err:
        endpoints.save_endpoint(load_settings(), "chat", server.url, "m", "khóa\nbí mật")
    assert err.value.code == "endpoint_key_invalid" and not saved_settings_path(env).exists()


def test_saved_endpoints_are_read_by_the_settings_and_the_environment_wins(env, server, monkeypatch):
    settings = load_settings()
    view = endpoints.save_endpoint(settings, "chat", server.url, "qwen2.5:7b", "sk-abcdefghijkl1234")
    assert (view.base_url, view.model, view.key_hint) == (server.url, "qwen2.5:7b", "••••1234")
    assert "sk-abcdefghijkl1234" not in repr(view)
    reloaded = load_settings()
    assert (reloaded.llm_base_url, reloaded.llm_model, reloaded.llm_api_key) == (
        server.url, "qwen2.5:7b", "sk-abcdefghijkl1234")
    assert oct(saved_settings_path(env).stat().st_mode & 0o777) == "0o600"

    endpoints.save_endpoint(reloaded, "chat", server.url, "llama3.1", None)  # None keeps the key
    assert load_settings().llm_api_key == "sk-abcdefghijkl1234" and load_settings().llm_model == "llama3.1"
    endpoints.save_endpoint(reloaded, "chat", server.url, "llama3.1", "")   # "" removes it
    assert load_settings().llm_api_key is None

    monkeypatch.setenv("STUDIO_LLM_MODEL", "from-env")
    assert load_settings().llm_model == "from-env"
    assert endpoints.endpoint_view(load_settings(), "chat").overridden_by == ["STUDIO_LLM_MODEL"]

    endpoints.save_endpoint(load_settings(), "chat", "", "ignored")  # empty address: back to offline
    assert load_settings().llm_base_url is None


def test_the_saved_file_beats_the_working_directory_file(env, tmp_path):
    (tmp_path / "studio.toml").write_text('llm_model = "from-working-dir"\nchunk_chars = 1200\n', encoding="utf-8")
    assert load_settings().llm_model == "from-working-dir"
    endpoints.save_endpoint(load_settings(), "chat", "http://127.0.0.1:9/v1", "from-admin-page")
    settings = load_settings()
    assert settings.llm_model == "from-admin-page" and settings.chunk_chars == 1200
    assert Settings(data_dir=tmp_path / "elsewhere").llm_model == "from-working-dir"


def test_bad_input_changes_nothing(env, server):
    settings = load_settings()
    endpoints.save_endpoint(settings, "tts", server.url, "tts-1", voice="nova")
    before = saved_settings_path(env).read_text()
    for args in ((" not a url", "tts-1"), (server.url, " ")):
        with pytest.raises(StudioError) as err:
            endpoints.save_endpoint(settings, "tts", *args)
        assert err.value.code in ("endpoint_url_invalid", "endpoint_model_missing")
    assert saved_settings_path(env).read_text() == before
    assert load_settings().tts_voice == "nova"


def test_an_embeddings_endpoint_is_saved_only_after_a_successful_test(env, server):
    settings = load_settings()
    server.status = 500
    with pytest.raises(StudioError) as err:
        endpoints.save_endpoint(settings, "embeddings", server.url, "bge-m3")
    assert err.value.code == "endpoint_http" and not saved_settings_path(env).exists()
    assert load_settings().embeddings_base_url is None
    server.status = 200
    endpoints.save_endpoint(settings, "embeddings", server.url, "bge-m3")
    assert load_settings().embeddings_base_url == server.url


def test_a_damaged_saved_file_is_ignored_with_a_notice(env, capsys):
    env.mkdir(parents=True)
    saved_settings_path(env).write_text("llm_model = [unclosed", encoding="utf-8")
    assert load_settings().llm_model == "gpt-4o-mini"
    assert "ignoring" in capsys.readouterr().err
