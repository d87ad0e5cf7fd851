"""Workshop load benchmark: 200 participants join one session and submit answers to every exercise at the same
time, in threads of one process, through the real core functions (`studio.workshop.sessions`) — first against
the default SQLite database (a fresh data dir), then against PostgreSQL when STUDIO_TEST_POSTGRES_URL is set
(a fresh schema, dropped afterwards).

Every participant joins, submits write-with-ai, spot-the-risk, check-the-facts and the quiz (answers vary by
participant), sends one answer a second time (a double click) and every fifth changes their quiz answer (a
resubmission). Afterwards the database must hold exactly one row per participant and exercise with the expected
attempts: lost or doubled submissions are counted and printed. Prints figures; never pass/fail.

Run: `.venv/bin/python bench/workshop.py [--participants 200] [--drafts]`
(`--drafts`: each participant first asks the studio for a write-with-ai draft on the sample knowledge base.)
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from studio.config import Settings  # noqa: E402
from studio.safety.gate import SafetyGate  # noqa: E402
from studio.workflow import accounts  # noqa: E402
from studio.workflow.db import init_db, open_database  # noqa: E402
from studio.workshop import sessions  # noqa: E402
from studio.workshop.material import build_exercises  # noqa: E402
from studio.workshop.models import WorkshopParticipant, WorkshopSubmission  # noqa: E402

KINDS = ["write-with-ai", "spot-the-risk", "check-the-facts", "quiz"]
PASSWORD = "mật-khẩu-đủ-dài-1"
TEXTS = [
    "Công đoàn Ngân hàng Việt Nam phát động thi đua đổi mới sáng tạo và chuyển đổi số. [S1] Mời đoàn viên cùng "
    "hưởng ứng! #CongDoan #ChuyenDoiSo",
    "Fanpage của Công đoàn Ngân hàng Việt Nam có gần 30.000 người theo dõi. [S1] Hãy chia sẻ để đoàn viên cùng "
    "biết! #CongDoan #DoanVien",
    "Hơn 200 cán bộ đã tham gia tập huấn ứng dụng AI. [S1] Liên hệ chị Lan 0912 345 678. #CongDoan #AI",
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def answers_for(n: int, keys: dict[int, dict], material: dict[int, dict]) -> dict[int, dict]:
    rng = random.Random(n)
    findings = [f["text"] for f in keys[2]["findings"]]
    quotes = rng.sample(findings, rng.randint(1, len(findings))) + (["Ban Chấp hành"] if rng.random() < .3 else [])
    flagged = sorted(set(rng.sample(range(len(material[3]["sentences"])), rng.randint(1, 3))))
    choices = [c if rng.random() < .7 else (c + 1) % 4 for c in keys[4]["correct"]]
    return {1: {"text": TEXTS[n % len(TEXTS)]}, 2: {"quotes": quotes}, 3: {"flagged": flagged},
            4: {"choices": choices}}


def run(db, label: str, participants: int, gate, kb=None, prompts=None) -> None:
    db.run(accounts._create_user, None, "admin", ["admin"], PASSWORD)
    db.run(accounts.add_user, "admin", "thu", ["trainer"], PASSWORD)
    specs = build_exercises(KINDS, "vi", 2026, gate=gate)
    info = db.run(sessions.create_session, "thu", "Bench", specs, lang="vi", minutes=120, seed=2026)
    views = db.read(sessions.exercises_with_keys, "thu", info.code)
    keys = {e.position: e.answer_key for e in views}
    material = {e.position: e.material for e in views}

    joins: list[float] = []
    drafts: list[float] = []
    submits: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    replaced = 0
    lock = threading.Lock()
    barrier = threading.Barrier(participants)

    def participant(n: int) -> None:
        nonlocal replaced
        try:
            barrier.wait()
            t = time.perf_counter()
            joined = db.run(sessions.join_session, info.code, f"Học viên {n:03d}")
            took = time.perf_counter() - t
            with lock:
                joins.append(took)
            mine = answers_for(n, keys, material)
            if kb is not None:
                t = time.perf_counter()
                draft = sessions.request_draft(db, joined.token, 1, "chuyển đổi số công đoàn ngân hàng", kb, prompts)
                with lock:
                    drafts.append(time.perf_counter() - t)
                mine[1] = {"text": draft.text}
            plan = [(p, mine[p]) for p in (1, 2, 3, 4)] + [(2, mine[2])]  # the second spot-the-risk: a double click
            if n % 5 == 0:
                plan.append((4, {"choices": [(c + 1) % 4 for c in mine[4]["choices"]]}))  # a resubmission
            for position, answer in plan:
                t = time.perf_counter()
                sub = sessions.submit_answer(db, joined.token, position, answer, gate=gate)
                took = time.perf_counter() - t
                with lock:
                    submits[KINDS[position - 1]].append(took)
                    replaced += int(sub.replaced)
        except Exception as exc:  # noqa: BLE001 - counted and printed
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(participants)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start

    rows, people, attempts = db.read(lambda s: (
        s.scalar(select(func.count()).select_from(WorkshopSubmission)),
        s.scalar(select(func.count()).select_from(WorkshopParticipant)),
        s.scalar(select(func.coalesce(func.sum(WorkshopSubmission.attempts), 0)))))
    expected_rows = participants * len(KINDS)
    expected_attempts = expected_rows + len(range(0, participants, 5))
    every = [x for values in submits.values() for x in values]
    print(f"## {label}: {participants} participants × {len(KINDS)} exercises, one process, {participants} threads")
    print(f"- wall time {wall:.1f} s; {len(every)} submit calls ({len(every) / wall:.0f}/s), "
          f"errors: {len(errors)}")
    for e in sorted(set(errors))[:5]:
        print(f"  ! {e}")
    print(f"- rows: {people} participants (expected {participants}), {rows} submissions (expected {expected_rows}): "
          f"lost {max(0, expected_rows - rows)}, duplicated {max(0, rows - expected_rows)}; "
          f"attempts {attempts} (expected {expected_attempts}; replaced reported {replaced})")
    print(f"- join latency: p50 {percentile(joins, 50) * 1000:.0f} ms, p95 {percentile(joins, 95) * 1000:.0f} ms, "
          f"max {max(joins) * 1000:.0f} ms")
    if drafts:
        print(f"- draft latency (write-with-ai, offline composer): p50 {percentile(drafts, 50) * 1000:.0f} ms, "
              f"p95 {percentile(drafts, 95) * 1000:.0f} ms")
    print(f"- submit latency, all: p50 {percentile(every, 50) * 1000:.0f} ms, p95 {percentile(every, 95) * 1000:.0f} ms, "
          f"max {max(every) * 1000:.0f} ms, mean {statistics.mean(every) * 1000:.0f} ms")
    for kind in KINDS:
        values = submits[kind]
        if values:
            print(f"  - {kind:16s} n={len(values):4d}  p50 {percentile(values, 50) * 1000:6.0f} ms  "
                  f"p95 {percentile(values, 95) * 1000:6.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--drafts", action="store_true", help="ask for a write-with-ai draft first (sample KB)")
    args = parser.parse_args()
    from argon2 import PasswordHasher

    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # only the two bench accounts
    logging.getLogger("alembic").setLevel(logging.WARNING)
    gate = SafetyGate()
    gate.findings("Khởi động 0912 345 678", "vi")
    print(f"# Workshop load, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", llm_base_url=None, chroma_url=None,
                            embeddings_base_url=None, database_url=None, sample_dir=ROOT / "knowledge")
        kb = prompts = None
        if args.drafts:
            from studio.drafting.prompts import load_prompts
            from studio.knowledge.base import KnowledgeBase

            kb, prompts = KnowledgeBase(settings), load_prompts()
            kb.ensure_sample()
        db = open_database(settings)  # the default: SQLite studio.db under the data dir, WAL
        try:
            run(db, f"SQLite ({db.url})", args.participants, gate, kb, prompts)
        finally:
            db.dispose()
        base = os.environ.get("STUDIO_TEST_POSTGRES_URL")
        if not base:
            print("## PostgreSQL: skipped (set STUDIO_TEST_POSTGRES_URL, e.g. $(.ci/postgres))")
            return
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(base)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
            db = init_db(url)
            try:
                run(db, f"PostgreSQL ({db.url.split('?')[0]})", args.participants, gate, kb, prompts)
            finally:
                db.dispose()
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
