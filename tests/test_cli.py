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
    assert by_source["nghi-quyet-57-NQ-TW.md"]["lang"] == "vi"
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
