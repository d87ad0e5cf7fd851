"""One guarded door for everything that leaves the machine (issue 14, part 4).

The goal test drives every feature that calls an endpoint — ingest, search, ask, draft (plain and streamed),
item creation, a workshop "write with AI" draft and a narrated video — through the `studio` command line and
the workshop's service functions, against a real loopback server speaking the OpenAI API that logs every
request, with chat, embeddings and speech endpoints external and privacy mode on. No personal value of the
inputs may reach the server; the model's placeholders, in the forms models really write them, must come back
as the real values. A scan of the source fails when any module but the factory builds its own client.
"""

from __future__ import annotations

import ast
import json
import re

import pytest
from click.testing import CliRunner

from studio.cli import cli
from studio.config import PROJECT_ROOT
from tests.openai_server import OpenAIServer, endpoint_settings
from tests.workflow_helpers import PASSWORD, cheap_argon2  # noqa: F401

# Ten personal values the gate finds today, in plain Vietnamese text
PERSONAL = {
    "Nguyễn Văn Hùng": "PERSON", "Trần Thị Mai": "PERSON", "Lê Quốc Bảo": "PERSON",
    "0912 345 678": "PHONE_NUMBER", "0987 654 321": "PHONE_NUMBER",
    "hung.nguyen@congdoan-abc.vn": "EMAIL_ADDRESS", "bao.le@gmail.com": "EMAIL_ADDRESS",
    "001203004567": "VN_CCCD", "0011004455667": "BANK_ACCOUNT",
    "số 12 ngõ 34 phố Láng Hạ, quận Đống Đa": "STREET_ADDRESS",
}
DOC = """# Hội thao công nhân viên chức năm 2026

Công đoàn cơ sở tổ chức hội thao công nhân viên chức năm 2026 với các môn bóng đá, cầu lông và kéo co.
Trưởng ban tổ chức hội thao là ông Nguyễn Văn Hùng, điện thoại 0912 345 678, thư điện tử hung.nguyen@congdoan-abc.vn.

## Đăng ký hội thao

Người nhận hồ sơ đăng ký hội thao là chị Trần Thị Mai, số CCCD 001203004567, số điện thoại 0987 654 321.
Chị Mai nhận hồ sơ tại số 12 ngõ 34 phố Láng Hạ, quận Đống Đa, Hà Nội, trước ngày 15/3/2026.

## Kinh phí hội thao

Anh Lê Quốc Bảo (thư điện tử bao.le@gmail.com) nhận kinh phí hội thao qua tài khoản 0011004455667 tại Vietcombank.
"""
TOPIC = "đăng ký hội thao công nhân với chị Trần Thị Mai, số điện thoại 0987 654 321"
QUESTION = "Chị Trần Thị Mai (0987 654 321) nhận hồ sơ đăng ký hội thao ở đâu?"
PLACEHOLDER = re.compile(r"⟦([A-Z_]+)_(\d+)⟧")
# how models really write a placeholder back, used in turn by the loopback model
FORMS = ("⟦{}⟧", "[{}]", "⟦ {} ⟧", "{}", "<lower>")
CUES = {"PERSON": "chị {}", "PHONE_NUMBER": "số điện thoại {}", "EMAIL_ADDRESS": "thư điện tử {}",
        "VN_CCCD": "số CCCD {}", "BANK_ACCOUNT": "số tài khoản {}", "STREET_ADDRESS": "địa chỉ {}"}


def _echo(prompt: str) -> str:
    """A sentence naming every placeholder of the prompt, each in the next of the forms models write."""
    parts = []
    for i, (label, n) in enumerate(dict.fromkeys(PLACEHOLDER.findall(prompt))):
        form = FORMS[i % len(FORMS)]
        token = f"{label}_{n}".lower() if form == "<lower>" else form.format(f"{label}_{n}")
        parts.append(CUES.get(label, "{}").format(token))
    return "Liên hệ " + ", ".join(parts)


def loopback_model(messages: list[dict]) -> str:
    system, prompt = messages[0]["content"], messages[-1]["content"]
    if system.startswith("Translate the user's search query"):
        return json.dumps({lang: prompt for lang in ("vi", "en", "de", "no")}, ensure_ascii=False)
    said = _echo(prompt)
    if '"scenes"' in prompt:
        scenes = [{"on_screen_text": f"Hội thao {i}", "narration": f"{said}. [S1]" if i == 1 else
                   f"Hội thao công nhân viên chức năm 2026, phần {i}. [S1]", "duration_s": 4} for i in range(1, 5)]
        return json.dumps({"title": "Hội thao công nhân", "scenes": scenes}, ensure_ascii=False)
    return json.dumps({"text": f"{said} để đăng ký hội thao trước ngày 15/3/2026 [S1]."}, ensure_ascii=False)


def _leaks(requests: list[dict]) -> dict[str, list[str]]:
    """Personal values (as written, and numbers with their spaces removed) found in each request path."""
    found: dict[str, list[str]] = {}
    for r in requests:
        body = json.dumps(r["body"], ensure_ascii=False)
        compact = re.sub(r"\s", "", body)
        hits = [v for v in PERSONAL if v in body or (v.replace(" ", "").isdigit() and v.replace(" ", "") in compact)]
        if hits:
            found.setdefault(r["path"], []).extend(hits)
    return found


@pytest.fixture
def server():
    with OpenAIServer() as srv:
        srv.reply = loopback_model
        yield srv


@pytest.fixture
def studio(server, tmp_path):
    """`studio ARGS…` in-process, every endpoint on the loopback server, external (the default), privacy on."""
    runner = CliRunner()
    env = {"STUDIO_DATA_DIR": str(tmp_path / "data"), "STUDIO_LANG": "vi", "STUDIO_CHROMA_URL": None,
           "STUDIO_DATABASE_URL": f"sqlite:///{tmp_path / 'studio.db'}", "STUDIO_ADMIN_PASSWORD": PASSWORD,
           "STUDIO_PRIVACY_MODE": "true", "STUDIO_ENDPOINT_RETRIES": "0", "STUDIO_TRANSLATE_QUERIES": "true",
           "STUDIO_LLM_BASE_URL": server.url, "STUDIO_LLM_MODEL": "loopback-chat",
           "STUDIO_EMBEDDINGS_BASE_URL": server.url, "STUDIO_EMBEDDINGS_MODEL": "loopback-embed",
           "STUDIO_TTS_BASE_URL": server.url, "STUDIO_TTS_MODEL": "loopback-tts",
           "STUDIO_LLM_TRUST": None, "STUDIO_EMBEDDINGS_TRUST": None, "STUDIO_TTS_TRUST": None}

    def run(*args, stdin=None, extra_env=None):
        result = runner.invoke(cli, [str(a) for a in args], input=stdin, env={**env, **(extra_env or {})},
                               catch_exceptions=False)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result

    return run


def test_no_personal_value_reaches_an_external_endpoint_from_any_feature(studio, server, tmp_path, cheap_argon2):  # noqa: F811
    """GIVEN chat, embeddings and speech endpoints on a logging loopback server, external, privacy mode on, and a
    document with ten personal values (names, phones, CCCD, e-mails, an address, a bank account)
    WHEN it is ingested, searched, asked about, drafted from (plain, streamed, as a new item, in a workshop) and a
    drafted video script is narrated
    THEN no request carries any of the values; the drafts have the real values back wherever the model echoed a
    placeholder, in whichever form; the stream never shows a placeholder; the video says the voice withheld them."""
    doc = tmp_path / "hoi-thao.md"
    doc.write_text(DOC, encoding="utf-8")
    studio("ingest", doc)
    found = json.loads(studio("search", QUESTION, "--json").stdout)
    assert found and any("Trần Thị Mai" in p["text"] for p in found)  # the search ran on the real words locally
    studio("ask", QUESTION)

    plain = json.loads(studio("draft", "--format", "zalo_message", "--topic", TOPIC, "--json").stdout)
    streamed = studio("draft", "--format", "zalo_message", "--topic", TOPIC, "--stream")
    studio("users", "add", "hoa", "--role", "officer", "--password-stdin", stdin=f"{PASSWORD}\n")
    item = json.loads(studio("items", "create", "--as", "hoa", "--format", "zalo_message", "--topic", TOPIC,
                             "--json").stdout)
    workshop = _workshop_draft(server, tmp_path)
    script = json.loads(studio("draft", "--format", "video_script", "--topic", TOPIC, "--json").stdout)
    script_file = tmp_path / "kich-ban.json"
    script_file.write_text(json.dumps(script, ensure_ascii=False), encoding="utf-8")
    video = studio("video", script_file, "--narrate", "--size", "270x480", "-o", tmp_path / "hoi-thao.mp4")

    assert _leaks(server.requests) == {}
    paths = [r["path"] for r in server.requests]
    assert {"/v1/embeddings", "/v1/chat/completions", "/v1/audio/speech"} <= set(paths)
    chats = [r["body"] for r in server.requests if r["path"] == "/v1/chat/completions"]
    assert any(b["messages"][0]["content"].startswith("Translate") for b in chats)  # query translation ran
    assert any(b.get("stream") for b in chats) and any(not b.get("stream") for b in chats)
    sent = json.dumps([r["body"] for r in server.requests], ensure_ascii=False)
    assert "⟦PERSON_" in sent and "⟦PHONE_NUMBER_" in sent  # masked, not dropped

    for text in (plain["text"], item["version"]["content"]["text"], workshop.text,
                 script["scenes"][0]["narration"]):
        assert "Trần Thị Mai" in text and "0987 654 321" in text, text
        assert not re.search(r"(?i)⟦|person_\d|phone_number_\d", text), text
    assert not any("khôi phục" in n or "placeholder" in n for n in plain["notices"])
    assert "Trần Thị Mai" in streamed.stderr and "0987 654 321" in streamed.stderr
    assert not re.search(r"(?i)⟦|person_\d|phone_number_\d", streamed.stderr), streamed.stderr

    spoken = [r["body"]["input"] for r in server.requests if r["path"] == "/v1/audio/speech"]
    assert len(spoken) == 4 and "tên đã ẩn" in spoken[0] and "số đã ẩn" in spoken[0]
    assert "nằm ngoài đơn vị" in video.stderr and (tmp_path / "hoi-thao.mp4").stat().st_size > 0
    assert "Trần Thị Mai" in (tmp_path / "hoi-thao.srt").read_text(encoding="utf-8")  # captions keep the value


def _workshop_draft(server, tmp_path):
    """A participant asks the studio for a write-with-ai draft on a topic naming a person and a phone."""
    from studio.drafting.llm import make_model
    from studio.drafting.prompts import load_prompts
    from studio.knowledge.base import KnowledgeBase
    from studio.workflow import accounts
    from studio.workflow.db import init_db
    from studio.workshop import sessions
    from studio.workshop.material import write_spec

    settings = endpoint_settings(server, tmp_path / "data", endpoint_retries=0)
    db = init_db(f"sqlite:///{tmp_path / 'workshop.db'}")
    try:
        with db.transaction() as s:
            accounts._create_user(s, None, "admin", ["admin"], PASSWORD)
        with db.transaction() as s:
            accounts.add_user(s, "admin", "thu", ["trainer"], PASSWORD)
        spec = write_spec("Viết tin Zalo mời đăng ký hội thao", "zalo_message", "hội thao", "test")
        info = db.run(sessions.create_session, "thu", "Viết cùng AI", [spec], lang="vi", seed=1)
        lan = db.run(sessions.join_session, info.code, "Lan")
        draft = sessions.request_draft(db, lan.token, 1, TOPIC, KnowledgeBase(settings), load_prompts(),
                                       make_model(settings))
    finally:
        db.dispose()
    assert draft.composer == "model"
    return draft


def test_studio_info_says_what_each_endpoint_receives(studio):
    status = json.loads(studio("info", "--json").stdout)
    assert status["privacy"] == ("on — chat: personal data masked; embeddings: personal data masked; "
                                 "speech: personal data masked")
    status = json.loads(studio("info", "--json", extra_env={"STUDIO_TTS_TRUST": "internal"}).stdout)
    assert status["privacy"].endswith("speech: raw text (marked internal)")
    status = json.loads(studio("info", "--json", extra_env={"STUDIO_PRIVACY_MODE": "false"}).stdout)
    assert status["privacy"].startswith("off — chat: raw text (privacy mode off)")


def test_an_endpoint_marked_internal_receives_the_raw_text_and_privacy_off_sends_it_everywhere(server, tmp_path):
    """GIVEN the same draft request WHEN the chat endpoint is marked internal THEN the prompt goes as written
    (and embeddings, still external, stay masked); WHEN privacy mode is off THEN nothing is masked."""
    from studio.outbound import Door

    for extra, chat_raw, embed_raw in (({"llm_trust": "internal"}, True, False),
                                       ({"privacy_mode": False}, True, True), ({}, False, False)):
        server.requests.clear()
        door = Door(endpoint_settings(server, tmp_path / "d", **extra))
        session = door.chat().session("vi")
        session.send([("system", "s"), ("human", DOC)])
        door.embeddings().create([DOC])
        chat = json.dumps(server.requests[0]["body"], ensure_ascii=False)
        embed = json.dumps(server.requests[1]["body"], ensure_ascii=False)
        assert ("Trần Thị Mai" in chat, "0912 345 678" in embed) == (chat_raw, embed_raw), extra


def test_when_the_gate_cannot_check_a_text_nothing_is_sent(server, tmp_path):
    """GIVEN a gate that fails WHEN chat, embeddings or speech would send a text THEN no request is made and the
    feature gets `privacy_mask_failed` (drafting then falls back to the offline composer, narration to espeak)."""
    from studio.errors import StudioError
    from studio.outbound import Door

    class BrokenGate:
        def personal_data(self, text, lang):
            raise RuntimeError("analyzer exploded")

    door = Door(endpoint_settings(server, tmp_path), gate=BrokenGate())
    for call in (lambda: door.chat().session("vi").send([("human", DOC)]), lambda: door.embeddings().create([DOC]),
                 lambda: door.speech().speak(DOC, "vi")):
        with pytest.raises(StudioError) as err:
            call()
        assert err.value.code == "privacy_mask_failed" and "analyzer exploded" in err.value.message("en")
    assert server.requests == []


def test_a_placeholder_the_model_invented_is_named_in_a_notice_and_stays_visible(server, tmp_path):
    """GIVEN a model that answers with ⟦PERSON_9⟧, which was never sent WHEN a draft is written
    THEN the real values it did echo are restored, ⟦PERSON_9⟧ stays in the draft and a notice names it (vi, en)."""
    from studio.drafting.llm import make_model
    from studio.drafting.models import DraftRequest
    from studio.drafting.prompts import load_prompts
    from studio.drafting.service import draft
    from studio.knowledge.base import KnowledgeBase

    settings = endpoint_settings(server, tmp_path / "data", embeddings_base_url=None, tts_base_url=None,
                                 translate_queries=False, embedder="static")
    doc = tmp_path / "hoi-thao.md"
    doc.write_text(DOC, encoding="utf-8")
    kb = KnowledgeBase(settings)
    kb.ingest_paths([doc])
    server.reply = lambda messages: json.dumps(
        {"text": f"{_echo(messages[-1]['content'])} và ⟦PERSON_9⟧ [S1]."}, ensure_ascii=False)
    request = DraftRequest(format="zalo_message", topic=TOPIC, lang="vi")
    for lang, says in (("vi", "không khớp với dữ liệu đã che"), ("en", "match no masked value")):
        result = draft(kb, request, load_prompts(), make_model(settings), message_lang=lang)
        assert "Trần Thị Mai" in result.content["text"] and "⟦PERSON_9⟧" in result.content["text"]
        assert any(says in n and "⟦PERSON_9⟧" in n for n in result.notices), result.notices
        assert result.privacy_masked >= 2


# --- nothing but the factory builds a client ----------------------------------------------------------------

def test_clients_are_built_once_per_endpoint_and_carry_the_one_retry_policy(server, tmp_path):
    from studio.outbound import Door
    from studio.outbound.clients import chat_client, openai_client

    first, second = Door(endpoint_settings(server, tmp_path)), Door(endpoint_settings(server, tmp_path))
    speech = first.speech().endpoint
    assert openai_client(speech) is openai_client(second.speech().endpoint)  # not one per scene or per render
    assert chat_client(first.chat().endpoint, 0.2) is chat_client(second.chat().endpoint, 0.2)
    assert chat_client(first.chat().endpoint, 0.2).root_client is openai_client(first.chat().endpoint)
    retried = Door(endpoint_settings(server, tmp_path, endpoint_retries=5, tts_timeout_s=7)).speech().endpoint
    assert (openai_client(retried).max_retries, openai_client(retried).timeout) == (5, 7)


FACTORY = PROJECT_ROOT / "studio" / "outbound" / "clients.py"
CLIENT_CLASSES = {"OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI", "ChatOpenAI", "AzureChatOpenAI",
                  "OpenAIEmbeddings", "AzureOpenAIEmbeddings", "OpenAIEmbeddingFunction", "BaseChatOpenAI"}
NETWORK_MODULES = {"httpx", "httpx2", "requests", "aiohttp", "urllib.request", "http.client", "urllib3"}
NETWORK_CALLS = {"Client", "AsyncClient", "get", "post", "put", "request", "stream", "urlopen", "Session",
                 "HTTPConnection", "HTTPSConnection", "PoolManager", "ClientSession"}


def client_constructions(source: str) -> list[str]:
    """Calls that build a client for an endpoint: OpenAI-style classes however imported, and HTTP clients or
    requests through httpx, requests, urllib and the like."""
    tree = ast.parse(source)
    client_names = set(CLIENT_CLASSES)  # and the names they are imported as
    network_names: set[str] = set()   # names bound to something from a network module
    network_aliases: set[str] = set()  # names bound to a network module itself
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            network_aliases |= {a.asname or a.name for a in node.names if a.name in NETWORK_MODULES}
        elif isinstance(node, ast.ImportFrom):
            client_names |= {a.asname for a in node.names if a.name in CLIENT_CLASSES and a.asname}
            if node.module in NETWORK_MODULES:
                network_names |= {a.asname or a.name for a in node.names if a.name in NETWORK_CALLS}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        owner = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
        if name in client_names or (isinstance(func, ast.Name) and name in network_names) or (
                owner in network_aliases and name in NETWORK_CALLS):
            found.append(f"line {node.lineno}: {ast.unparse(func)}(…)")
    return found


def test_no_module_but_the_factory_builds_a_client():
    """GIVEN every module under studio/ WHEN its syntax tree is scanned for client constructions
    THEN only studio/outbound/clients.py builds one (the scanner itself is checked on the factory and on
    snippets, so a broken scan cannot pass)."""
    offenders = {}
    for path in sorted((PROJECT_ROOT / "studio").rglob("*.py")):
        if path != FACTORY:
            hits = client_constructions(path.read_text(encoding="utf-8"))
            if hits:
                offenders[str(path.relative_to(PROJECT_ROOT))] = hits
    assert offenders == {}
    assert len(client_constructions(FACTORY.read_text(encoding="utf-8"))) >= 3
    for snippet in ("import openai\nopenai.OpenAI(base_url=u)", "from langchain_openai import ChatOpenAI as C\nC(model='m')",
                    "import httpx\nhttpx.Client(base_url=u)",
                    "from httpx import post\npost(u, json={})", "import urllib.request\nurllib.request.urlopen(u)",
                    "import requests as r\nr.post(u)"):
        assert client_constructions(snippet), snippet
    assert client_constructions("import openai\ntry:\n    pass\nexcept openai.APIError:\n    pass") == []
