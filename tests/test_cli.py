"""The `studio` command through its real entry point (a subprocess), on a data dir in tmp_path."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from studio.config import PROJECT_ROOT


def run(args, data_dir, lang="vi", stdin=None, extra_env=None):
    env = {**os.environ, "STUDIO_DATA_DIR": str(data_dir), "STUDIO_LANG": lang}
    env.pop("STUDIO_CHROMA_URL", None)
    env.pop("STUDIO_LLM_BASE_URL", None)
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "studio.cli", *args], input=stdin, capture_output=True,
                          text=True, env=env, cwd=PROJECT_ROOT, timeout=300)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, seeds):
    data = tmp_path_factory.mktemp("cli-data")
    out = run(["ingest", str(PROJECT_ROOT / "knowledge"), str(seeds), "--json"], data)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert {r["status"] for r in rows} == {"added"} and len(rows) == 11
    return data


def test_docs_list_json_describes_every_document(data_dir):
    out = run(["docs", "list", "--json"], data_dir)
    docs = json.loads(out.stdout)
    assert len(docs) == 11
    by_source = {d["source"]: d for d in docs}
    assert by_source["vi/nghi-quyet-57-NQ-TW.md"]["lang"] == "vi"  # the path inside the ingested folder
    assert by_source["004_08ca666810f3b168.txt"]["lang"] == "de"
    assert by_source["003_a173602e9b1c9a1d.txt"]["lang"] == "no"
    assert all(d["chunks"] > 0 and d["doc_id"] and d["title"] for d in docs)


def test_reingest_reports_unchanged(data_dir):
    out = run(["ingest", str(PROJECT_ROOT / "knowledge")], data_dir)
    assert out.returncode == 0
    assert "0 mới, 0 cập nhật, 6 không đổi, 0 lỗi" in out.stdout


def test_search_json_has_the_documented_keys(data_dir):
    out = run(["search", "nghi quyet 57 chuyen doi so", "-k", "3", "--lang", "vi", "--json"], data_dir)
    assert out.returncode == 0, out.stderr
    passages = json.loads(out.stdout)
    assert len(passages) == 3
    for p in passages:
        assert {"id", "text", "doc_id", "title", "section", "page", "start", "end", "lang", "score"} <= set(p)
        assert p["lang"] == "vi"


def test_search_stdin_prints_one_json_list_per_query(data_dir):
    queries = "Nghị quyết 57-NQ/TW ban hành ngày nào?\nfanpage followers\n\nBIDV hat über 12.300 Parteimitglieder\n"
    out = run(["search", "--stdin", "-k", "2"], data_dir, stdin=queries)
    lines = out.stdout.splitlines()
    assert out.returncode == 0 and len(lines) == 4
    results = [json.loads(line) for line in lines]
    assert [len(r) for r in results] == [2, 2, 0, 2]
    assert any("12.300" in p["text"] or "12,300" in p["text"] for p in results[3])


def test_ask_json_has_answer_and_citations(data_dir):
    out = run(["ask", "Fanpage của Công đoàn Ngân hàng Việt Nam có bao nhiêu người theo dõi?", "--json"], data_dir)
    data = json.loads(out.stdout)
    assert "30.000" in data["answer"] or "30,000" in data["answer"]
    assert data["citations"] and all({"doc_id", "start", "end", "marker"} <= set(c) for c in data["citations"])
    assert "[1]" in data["answer"]


def test_errors_speak_the_users_language_and_exit_2(data_dir):
    vi = run(["docs", "remove", "khong-co-tai-lieu"], data_dir, lang="vi")
    en = run(["docs", "remove", "no-such-doc"], data_dir, lang="en")
    assert vi.returncode == 2 and "Không có tài liệu mã “khong-co-tai-lieu”" in vi.stderr
    assert en.returncode == 2 and "There is no document with id “no-such-doc”" in en.stderr
    assert "Traceback" not in vi.stderr + en.stderr
    empty = run(["search", ""], data_dir, lang="vi")
    assert empty.returncode == 2 and "Hãy nhập nội dung cần tìm." in empty.stderr


def test_bad_upload_exits_1_and_names_the_file(data_dir, tmp_path):
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.7 broken")
    before = run(["docs", "list", "--json"], data_dir).stdout
    out = run(["ingest", str(bad)], data_dir, lang="vi")
    assert out.returncode == 1
    assert "hong.pdf" in out.stderr and "Không đọc được" in out.stderr
    assert run(["docs", "list", "--json"], data_dir).stdout == before


def test_remove_then_list(tmp_path):
    doc = tmp_path / "tam.md"
    doc.write_text("# Tạm thời\n\nMột tài liệu tạm để thử xóa khỏi kho tri thức.\n", encoding="utf-8")
    data = tmp_path / "data"
    added = json.loads(run(["ingest", str(doc), "--json"], data).stdout)
    out = run(["docs", "remove", added["doc_id"]], data, lang="en")
    assert out.returncode == 0 and f"Removed document {added['doc_id']}" in out.stdout
    assert json.loads(run(["docs", "list", "--json"], data).stdout) == []


def test_unreachable_chroma_server_is_a_clear_error(tmp_path):
    out = run(["docs", "list"], tmp_path, lang="en", extra_env={"STUDIO_CHROMA_URL": "http://127.0.0.1:9"})
    assert out.returncode == 2
    assert "Cannot reach the vector store at http://127.0.0.1:9" in out.stderr


# --- studio check: exit 0 pass, 1 warn or block, 2 error (never 1 on a crash) ---------------------------------

def test_check_exit_status_follows_the_verdict(tmp_path):
    """GIVEN a text that passes, one that only warns (a name) and one that blocks (a phone number)
    WHEN each goes through `studio check --json` THEN the exit status is 0, 1 and 1, as README and --help say."""
    for text, verdict, status in (("Công đoàn cơ sở tổ chức hội nghị người lao động năm 2025.", "pass", 0),
                                  ("Chị Nguyễn Thị Lan phát biểu tại hội nghị công đoàn cơ sở.", "warn", 1),
                                  ("Liên hệ số điện thoại 0983 123 421 để đăng ký.", "block", 1)):
        out = run(["check", "-", "--json"], tmp_path, stdin=text)
        assert (json.loads(out.stdout)["verdict"], out.returncode) == (verdict, status), out.stderr
    texts = ("Hội nghị năm 2025.", "Chị Nguyễn Thị Lan phát biểu.")
    lines = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts)
    assert run(["check", "--jsonl", "-"], tmp_path, stdin=lines).returncode == 1
    assert "0 when the verdict is pass, 1 when it is warn or block" in run(["check", "--help"], tmp_path).stdout


def test_check_errors_exit_2_with_a_message_in_the_users_language(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Hội nghị".encode("utf-16"))
    cases = [(["check", str(tmp_path / "khong-co.txt")], None, "Không tìm thấy"),
             (["check", str(tmp_path)], None, "Không tìm thấy"),
             (["check", str(tmp_path / "latin1.txt")], None, "UTF-8"),
             (["check", "-", "--lang", "fr"], "abc", "fr"),
             (["check", "--jsonl", "-"], '{"text": 42}\n', "JSON")]
    for args, stdin, says in cases:
        out = run(args, tmp_path, stdin=stdin)
        assert out.returncode == 2 and says in out.stderr and "Traceback" not in out.stderr, (args, out.stderr)


@pytest.mark.parametrize("lang, says", [("vi", "Văn bản CHƯA được kiểm tra"), ("en", "The text has NOT been checked")])
def test_check_maps_a_crash_inside_the_gate_to_exit_2(tmp_path, monkeypatch, lang, says):
    """GIVEN a gate that fails with an unexpected exception WHEN `studio check` runs (click's runner, in process)
    THEN it exits 2 with a message saying the text was not checked — never 1, which would read as "blocked"."""
    from click.testing import CliRunner

    from studio.cli import cli
    from studio.safety.gate import SafetyGate

    def explode(self, text, lang="vi", claims=None, publishing=False):
        raise RuntimeError("detector exploded")

    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("STUDIO_LANG", lang)
    monkeypatch.setattr(SafetyGate, "check", explode)
    for args in (["check", "-"], ["check", "--jsonl", "-"]):
        result = CliRunner().invoke(cli, args, input='{"text": "Hội nghị"}\n')
        assert result.exit_code == 2, result.output
        assert says in result.stderr and "RuntimeError: detector exploded" in result.stderr


def test_check_of_a_text_over_a_million_characters_does_not_exit_1_from_a_crash(tmp_path):
    """GIVEN a 1.2-million-character text (over spaCy's limit) with a phone number at its very end
    WHEN `studio check --json` reads it THEN either the gate checks it (in pieces) and exit 1 comes with a report
    that finds the number where it is, or the check fails cleanly with exit 2 and a message — no traceback, no
    exit 1 without a report."""
    text = "Công đoàn cơ sở tổ chức hội nghị người lao động. " * 24_000 + "Liên hệ 0983 123 421."
    assert len(text) > 1_000_000
    path = tmp_path / "dai.txt"
    path.write_text(text, encoding="utf-8")
    out = run(["check", str(path), "--json"], tmp_path)
    assert "Traceback" not in out.stderr and out.returncode in (1, 2), out.stderr[-2000:]
    if out.returncode == 2:
        assert "Văn bản CHƯA được kiểm tra" in out.stderr
    else:
        report = json.loads(out.stdout)
        phone = [f for f in report["findings"] if f["type"] == "PHONE_NUMBER"]
        assert report["verdict"] == "block" and phone and phone[0]["start"] == text.index("0983")


def test_the_operators_ingest_is_in_the_audit_trail(tmp_path):
    """GIVEN `studio ingest` of a new file, then of a changed one WHEN the audit trail is listed and verified
    THEN an add and a replacement are recorded as the command line's, with the content hash before and after."""
    doc = tmp_path / "ban-tin.md"
    doc.write_text("# Bản tin\n\nCông đoàn cơ sở tổ chức hội nghị người lao động năm 2025.\n", encoding="utf-8")
    data = tmp_path / "data"
    assert run(["ingest", str(doc), "--no-wait"], data).returncode == 0
    doc.write_text("# Bản tin\n\nCông đoàn cơ sở tổ chức hội nghị người lao động năm 2026.\n", encoding="utf-8")
    assert run(["ingest", str(doc), "--no-wait"], data).returncode == 0
    assert run(["ingest", str(doc), "--no-wait"], data).returncode == 0  # unchanged: nothing recorded
    events = [e for e in json.loads(run(["audit", "list", "--json"], data).stdout) if e["action"].startswith("doc_")]
    assert [e["action"] for e in events] == ["doc_add", "doc_replace"]
    assert events[0]["data"]["hash_before"] is None and events[0]["data"]["via"] == "command line"
    assert events[1]["data"]["hash_before"] == events[0]["data"]["hash_after"] != events[1]["data"]["hash_after"]
    assert run(["audit", "verify"], data).returncode == 0
