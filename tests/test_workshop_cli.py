"""`studio workshop …` through the real `studio` group (click's CliRunner), on SQLite and PostgreSQL: create prints
the join code (JSON carries `code`), results as a table, JSON and CSV (and XLSX), close, reveal, open, the QR code
and the certificates; a user without the trainer role is refused."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from PIL import Image

from studio.cli import cli
from studio.workflow.db import init_db
from studio.workshop import sessions
from tests.workflow_helpers import cheap_argon2, db_url  # noqa: F401


@pytest.fixture
def studio(db_url, tmp_path):
    runner = CliRunner()
    env = {"STUDIO_DATA_DIR": str(tmp_path / "data"), "STUDIO_DATABASE_URL": db_url, "STUDIO_LLM_BASE_URL": None,
           "STUDIO_ADMIN_PASSWORD": "mật-khẩu-quản-trị-1", "STUDIO_BRAND_KIT": None}

    def run(*args, code=0, lang="vi", input=None):
        result = runner.invoke(cli, [str(a) for a in args], input=input, env={**env, "STUDIO_LANG": lang},
                               catch_exceptions=False)
        assert result.exit_code == code, (args, result.stdout, result.stderr)
        return result

    run("users", "add", "thu", "--role", "trainer", "--password-stdin", input="mật-khẩu-giảng-viên\n")
    run("users", "add", "lan", "--role", "officer", "--password-stdin", input="mật-khẩu-cán-bộ-1\n")
    return run


def test_a_session_from_the_command_line(studio, db_url, tmp_path):
    """GIVEN a trainer WHEN she creates a session, two participants submit, she reads the results, closes,
    reveals and makes the certificates THEN each step prints what the trainer needs, in Vietnamese."""
    created = json.loads(studio("workshop", "create", "--as", "thu", "--title", "Thực hành AI – Sông Đà",
                                "--exercises", "spot-the-risk,quiz", "--minutes", "20", "--seed", "3",
                                "--json").stdout)
    code = created["code"]
    assert len(code) == 6 and created["exercises"] == ["spot-the-risk", "quiz"] and created["state"] == "open"
    assert created["join_url"].endswith(f"/workshop_join?code={code}") and created["seed"] == 3
    text = studio("workshop", "create", "--as", "thu", "--title", "Buổi hai", "--exercises", "quiz").stdout
    assert "Mã tham gia: " in text and "http://localhost:8501/workshop_join?code=" in text

    db = init_db(db_url)
    try:
        key = {e.position: e.answer_key for e in db.read(sessions.exercises_with_keys, "thu", code)}
        an = db.run(sessions.join_session, code, "Nguyễn Thị Ngọc Ánh")
        sessions.submit_answer(db, an.token, 2, {"choices": key[2]["correct"]})
        db.run(sessions.join_session, code, "Bình")
    finally:
        db.dispose()

    table = studio("workshop", "results", code).stdout
    assert "Nguyễn Thị Ngọc Ánh | " in table and "| 100 | 50 | 1" in table
    rows = list(csv.reader(io.StringIO(studio("workshop", "results", code, "--csv", lang="en").stdout)))
    assert rows[0][3:] == ["1. Spot the risk", "2. Quiz", "Total score", "Exercises submitted"]
    assert rows[1] == [rows[1][0], "", rows[1][2], "", "100", "50", "1"] and rows[2][-2:] == ["0", "0"]
    board = json.loads(studio("workshop", "results", code, "--json", "--xlsx", tmp_path / "r.xlsx").stdout)
    assert [p["name"] for p in board["participants"]] == ["Nguyễn Thị Ngọc Ánh", "Bình"]
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"

    assert "đã đóng" in studio("workshop", "close", code, "--as", "thu").stdout
    assert "đã công bố đáp án" in studio("workshop", "reveal", code).stdout  # as admin
    refused = studio("workshop", "open", code, code=2)
    assert "đáp án đã được công bố" in refused.stderr

    studio("workshop", "qr", code, "-o", tmp_path / "qr.png")
    assert Image.open(tmp_path / "qr.png").size[0] >= 300
    out = studio("workshop", "certificates", code, "-o", tmp_path / "certs").stdout
    assert "2 giấy chứng nhận" in out
    names = sorted(p.name for p in (tmp_path / "certs").iterdir())
    assert names == ["001-nguyễn-thị-ngọc-ánh.png", "002-bình.png"]
    listed = json.loads(studio("workshop", "list", "--json").stdout)
    assert [s["title"] for s in listed] == ["Buổi hai", "Thực hành AI – Sông Đà"]


def test_refusals_exit_2_with_a_clear_message(studio):
    denied = studio("workshop", "create", "--as", "lan", "--title", "x", "--exercises", "quiz", code=2)
    assert "trainer" in denied.stderr
    wrong = studio("workshop", "create", "--as", "thu", "--title", "x", "--exercises", "quiz,essay", code=2,
                   lang="en")
    assert "Invalid list of exercises (essay)" in wrong.stderr
    unknown = studio("workshop", "results", "ABCDEF", code=2)
    assert "Không có buổi thực hành nào với mã “ABCDEF”" in unknown.stderr
    code = json.loads(studio("workshop", "create", "--as", "thu", "--title", "x", "--exercises", "quiz",
                             "--json").stdout)["code"]
    not_mine = studio("workshop", "close", code, "--as", "lan", code=2)
    assert "không có vai trò cần thiết" in not_mine.stderr
