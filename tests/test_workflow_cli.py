"""The whole flow from the command line (click's CliRunner over the real `studio` group), on SQLite and on
PostgreSQL: accounts → a drafted item → edit → check → submit → four-eyes review → publish → export bundle →
verify-bundle, with the refusals on the way."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from studio.cli import cli
from studio.config import PROJECT_ROOT, Settings
from studio.safety.risks import AI_LABELS
from tests.workflow_helpers import cheap_argon2, db_url  # noqa: F401

TOPIC = "chuyển đổi số trong công đoàn ngân hàng"


@pytest.fixture(scope="module")
def sample_data(tmp_path_factory, embedder):
    """A data dir holding the shipped sample knowledge base (the offline composer drafts from it)."""
    from studio.knowledge.base import KnowledgeBase

    data = tmp_path_factory.mktemp("workflow-cli")
    settings = Settings(data_dir=data, lang="vi", chroma_url=None, llm_base_url=None, embeddings_base_url=None,
                        sample_dir=PROJECT_ROOT / "knowledge")
    assert KnowledgeBase(settings, embedder=embedder).ensure_sample()
    return data


@pytest.fixture
def studio(sample_data, db_url, tmp_path):
    """Run `studio ARGS…` in-process against the sample data dir and this test's database."""
    runner = CliRunner()
    env = {"STUDIO_DATA_DIR": str(sample_data), "STUDIO_LANG": "vi", "STUDIO_DATABASE_URL": db_url,
           "STUDIO_LLM_BASE_URL": None, "STUDIO_CHROMA_URL": None, "STUDIO_ADMIN_PASSWORD": None,
           "STUDIO_EMBEDDINGS_BASE_URL": None}

    def run(*args, input=None, code=0, lang="vi"):
        result = runner.invoke(cli, [str(a) for a in args], input=input, env={**env, "STUDIO_LANG": lang},
                               catch_exceptions=False)
        assert result.exit_code == code, (args, result.stdout, result.stderr)
        return result

    return run


def test_one_item_from_draft_to_verified_bundle(studio, tmp_path):
    """GIVEN a fresh database WHEN an officer-reviewer drafts, edits, checks and submits an item, tries to approve
    it herself, another reviewer approves it and it is published and exported
    THEN every refusal exits 2 with a Vietnamese message, the bundle verifies and the audit chain is intact."""
    first = studio("users", "add", "hoa", "--role", "officer", "--role", "reviewer")
    assert "Mật khẩu dùng một lần: " in first.stderr  # the first admin, created on first start
    assert "Mật khẩu dùng một lần của “hoa”" in first.stdout
    studio("users", "add", "minh", "--role", "reviewer", "--password-stdin", input="mật-khẩu-của-minh\n")
    users = json.loads(studio("users", "list", "--json").stdout)
    assert {u["name"]: u["roles"] for u in users} == {"admin": ["admin"], "hoa": ["officer", "reviewer"],
                                                      "minh": ["reviewer"]}
    assert [u["must_change_password"] for u in users] == [True, True, False]

    denied = studio("items", "create", "--as", "minh", "--format", "zalo_message", "--topic", TOPIC, code=2)
    assert "không có vai trò cần thiết (officer)" in denied.stderr
    created = json.loads(studio("items", "create", "--as", "hoa", "--format", "zalo_message", "--topic", TOPIC,
                                "--json").stdout)
    item = created["id"]
    assert (created["state"], created["current_version"], created["author"]) == ("draft", 1, "hoa")
    assert created["version"]["composer"] == "offline" and created["version"]["citations"]
    assert created["version"]["text"].rstrip().endswith(AI_LABELS["vi"])

    # edit from the file `items show --json` printed; a second edit from the same starting version conflicts
    shown = tmp_path / "item.json"
    shown.write_text(studio("items", "show", item, "--json").stdout, encoding="utf-8")
    data = json.loads(shown.read_text(encoding="utf-8"))
    data["version"]["content"]["text"] += " Đoàn viên hãy cùng tham gia."
    shown.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "phiên bản 2" in studio("items", "edit", item, "--as", "hoa", "--file", shown, "--expected-version", 1).stdout
    conflict = studio("items", "edit", item, "--as", "hoa", "--file", shown, "--expected-version", 1, code=2)
    assert "đã có phiên bản 2" in conflict.stderr and "Không ghi đè" in conflict.stderr
    plain = tmp_path / "plain.txt"
    plain.write_text("chỉ là văn bản", encoding="utf-8")
    assert "JSON" in studio("items", "edit", item, "--as", "hoa", "--file", plain, "--expected-version", 2,
                            code=2).stderr

    assert "chưa được kiểm tra an toàn" in studio("items", "submit", item, "--as", "hoa", code=2).stderr
    checked = studio("items", "check", item, "--as", "hoa")
    assert "phiên bản 2:" in checked.stdout and ": block" not in checked.stdout
    studio("items", "comment", item, "--as", "minh", "--text", "Câu cuối hay", "--start", 0, "--end", 9)
    assert "đang chờ duyệt" in studio("items", "submit", item, "--as", "hoa").stdout

    bundle = tmp_path / "bundle.zip"
    assert "Không thể xuất gói" in studio("export", item, "-o", bundle, code=2).stderr
    assert not bundle.exists()
    assert "nguyên tắc bốn mắt" in studio("review", "approve", item, "--as", "hoa", code=2).stderr
    assert "đã duyệt" in studio("review", "approve", item, "--as", "minh", "--comment", "Được").stdout
    assert "đã đăng" in studio("items", "publish", item, "--as", "hoa").stdout

    assert "→" in studio("export", item, "-o", bundle).stdout
    verified = studio("verify-bundle", bundle)
    assert "Gói hợp lệ" in verified.stdout and "duyệt bởi minh" in verified.stdout
    with zipfile.ZipFile(bundle) as zf:
        provenance = json.loads(zf.read("provenance.json"))
    assert (provenance["item"]["id"], provenance["item"]["version"]) == (str(item), 2)
    assert (provenance["author"], provenance["reviewer"]) == ("hoa", "minh")
    assert provenance["generation"]["composer"] == "offline" and provenance["sources"]

    listed = json.loads(studio("items", "list", "--state", "published", "--json").stdout)
    assert [i["id"] for i in listed] == [item]
    detail = json.loads(studio("items", "show", item, "--json").stdout)
    assert [c["body"] for c in detail["comments"]] == ["Câu cuối hay", "Được"]
    assert [(r["reviewer"], r["decision"], r["version"]) for r in detail["reviews"]] == [("minh", "approved", 2)]

    events = json.loads(studio("audit", "list", "--item", item, "--json").stdout)
    assert [e["action"] for e in events] == ["item_create", "item_edit", "safety_check", "comment", "submit",
                                             "approve", "publish", "export"]
    assert events[-1]["data"]["bundle_sha256"]
    assert "nguyên vẹn" in studio("audit", "verify").stdout
    assert "intact" in studio("audit", "verify", lang="en").stdout

    # a changed bundle no longer verifies
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            blob = src.read(info)
            dst.writestr(info, blob.replace("Đoàn viên".encode(), "Ai đó".encode()) if info.filename.endswith(".md")
                         else blob)
    assert "KHÔNG hợp lệ" in studio("verify-bundle", tampered, code=1).stdout


def test_account_commands(studio):
    studio("users", "add", "lan", "--role", "officer")
    reset = studio("users", "reset-password", "lan")
    otp = reset.stdout.strip().split(": ")[1].split(" ")[0]
    assert len(otp) >= 10
    studio("users", "change-password", "lan", input=f"{otp}\nmật-khẩu-mới-của-lan\n")
    assert "sai tên đăng nhập" in studio("users", "change-password", "lan", input=f"{otp}\nkhác-nữa-1234\n",
                                         code=2).stderr.lower()
    studio("users", "set-roles", "lan", "--role", "officer", "--role", "trainer")
    studio("users", "disable", "lan")
    users = {u["name"]: u for u in json.loads(studio("users", "list", "--json").stdout)}
    assert users["lan"]["enabled"] is False and users["lan"]["roles"] == ["officer", "trainer"]
    assert "vô hiệu hóa" in studio("items", "submit", 1, "--as", "lan", code=2).stderr
    studio("users", "enable", "lan")
    assert "không có vai trò" in studio("users", "add", "x2", "--role", "officer", "--as", "lan", code=2).stderr
    assert "last enabled admin" in studio("users", "disable", "admin", code=2, lang="en").stderr
    events = json.loads(studio("audit", "list", "--json").stdout)
    assert [e["action"] for e in events][-5:] == ["user_reset_password", "password_change", "user_roles",
                                                  "user_disable", "user_enable"]
