"""Crash-safe store (issue 15, part 5): a real `studio ingest` of 80 files killed with SIGKILL at random
points leaves `docs list`, search and the knowledge base agreeing; a lost store is reported by doctor."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.workflow_helpers import PASSWORD, cheap_argon2, make_draft  # noqa: F401

FILES = 80
SEEDS = (1, 2, 3, 4)
STUDIO = [sys.executable, "-m", "studio.cli"]


def _env(data: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDIO_")}
    return {**env, "STUDIO_DATA_DIR": str(data), "STUDIO_EMBEDDER": "static", "STUDIO_LANG": "en"}


def _studio(data: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([*STUDIO, *args], env=_env(data), capture_output=True, text=True, timeout=300)
    if check:
        assert done.returncode == 0, done.stderr[-2000:]
    return done


def _write_files(folder: Path, version: int = 1) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(FILES):
        extra = f" Bản sửa {version}." if version > 1 and n % 2 else ""
        body = (f"# Tài liệu {n:02d}\n\nCông đoàn cơ sở số {n:02d} bảo vệ quyền lợi người lao động, "
                f"mã riêng zq{n:02d}x.{extra}\n\n## Phần hai\n\nCông đoàn tổ chức đối thoại định kỳ số {n:02d}.\n")
        (folder / (f"doc{n:02d}.md" if n % 3 else f"doc{n:02d}.txt")).write_text(body, encoding="utf-8")


_KB_VIEW = """
import json, sys
from studio.config import load_settings
from studio.knowledge.base import KnowledgeBase
kb = KnowledgeBase(load_settings())
docs = [d.doc_id for d in kb.list_documents()]
passages = {d: sorted(kb.store.get_chunks(sorted(kb.store.chunk_ids_of(d)))) for d in docs}
found = [p.doc_id for p in kb.search("công đoàn", k=400)]
opened = all(kb.find_document(d) is not None for d in set(found))
print(json.dumps({"docs": docs, "passages": passages, "found": found, "opened": opened,
                  "orphans": kb.store.find_orphans().stale_passages}))
"""


def _agreement(data: Path) -> tuple[set[str], int]:
    """`docs list`, `search` (both the command line) and the knowledge base agree; returns the listed
    ids and the number of hidden leftovers."""
    listed = {d["doc_id"] for d in json.loads(_studio(data, "docs", "list", "--json").stdout or "[]")} \
        if _studio(data, "docs", "list", "--json").stdout.strip().startswith("[") else set()
    searched = {p["doc_id"] for p in json.loads(_studio(data, "search", "công đoàn", "-k", "100", "--json").stdout)} \
        if listed else set()
    view = json.loads(subprocess.run([sys.executable, "-c", _KB_VIEW], env=_env(data), capture_output=True,
                                     text=True, timeout=300, check=True).stdout)
    assert set(view["docs"]) == listed, "the knowledge base and `docs list` differ"
    assert searched <= listed, f"search found passages of unlisted documents: {searched - listed}"
    assert set(view["found"]) == listed, "search by the knowledge base misses documents or finds unlisted ones"
    assert all(view["passages"][d] for d in listed), "a listed document has no passage"
    assert view["opened"], "a document found by search cannot be opened"
    return listed, view["orphans"]


def test_kill_during_ingest_leaves_docs_list_and_search_in_agreement(tmp_path):
    """GIVEN 80 real md/txt files
    WHEN `studio ingest` is killed with SIGKILL after a random delay (several seeds, the same store
         each time, the last rounds on changed files, i.e. updates)
    THEN after each kill `docs list`, search and the knowledge base list the same documents, every
         passage search finds belongs to a listed document and every listed document has passages;
         and running the ingest again completes it (80 documents, all found)."""
    src, data = tmp_path / "src", tmp_path / "data"
    _write_files(src)
    started = time.monotonic()
    kills = []
    for n, seed in enumerate(SEEDS):
        if n == len(SEEDS) // 2:
            _studio(data, "ingest", str(src))  # complete once, then kill updates of changed files
            _write_files(src, version=2 + n)
        rng = random.Random(seed)
        delay = rng.uniform(1.5, 9.0)
        proc = subprocess.Popen([*STUDIO, "ingest", str(src)], env=_env(data),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        listed, hidden = _agreement(data)
        kills.append((seed, round(delay, 1), proc.returncode, len(listed), hidden))
    _studio(data, "ingest", str(src))
    listed, _ = _agreement(data)
    assert len(listed) == FILES
    print(f"kills (seed, delay s, rc, documents listed, hidden leftovers): {kills}; "
          f"{time.monotonic() - started:.0f} s")
    assert any(rc == -signal.SIGKILL for _, _, rc, _, _ in kills)


def test_doctor_reports_a_lost_store_while_items_cite_passages(tmp_path):
    """GIVEN documents ingested and an item in the (real SQLite) database citing their passages
    WHEN the Chroma folder is deleted
    THEN `studio doctor` exits 1 and says the store is lost, `studio info` says so too; ingesting the
         same files again makes doctor report the store healthy."""
    from studio.config import Settings
    from studio.drafting.models import SourceRef
    from studio.workflow import accounts, items
    from studio.workflow.db import open_database

    src, data = tmp_path / "src", tmp_path / "data"
    src.mkdir()
    for n in range(3):
        (src / f"d{n}.md").write_text(f"# Văn bản {n}\n\nCông đoàn cơ sở số {n} họp định kỳ.\n", encoding="utf-8")
    _studio(data, "ingest", str(src))
    passages = json.loads(_studio(data, "search", "công đoàn", "-k", "10", "--json").stdout)
    assert passages
    db = open_database(Settings(data_dir=data))
    try:
        with db.transaction() as s:
            accounts._create_user(s, None, "admin", ["admin"], PASSWORD)
        with db.transaction() as s:
            accounts.add_user(s, "admin", "lan", ["officer"], PASSWORD)
        refs = [SourceRef(marker=f"S{k + 1}", passage_id=p["id"], doc_id=p["doc_id"], title=p["title"], section="",
                          page=None, start=p["start"], end=p["end"], lang="vi", text=p["text"])
                for k, p in enumerate(passages)]
        with db.transaction() as s:
            items.create_item(s, "lan", make_draft().model_copy(update={"citations": refs}))
    finally:
        db.dispose()
    assert _studio(data, "doctor").returncode == 0

    shutil.rmtree(data / "chroma")
    doctor = _studio(data, "doctor", "--json", check=False)
    assert doctor.returncode == 1
    report = json.loads(doctor.stdout)
    assert [p["code"] for p in report["problems"]][:1] == ["store_lost"]
    assert report["cited"] == len(passages) and report["cited_missing"] == len(passages)
    assert "knowledge store is missing or empty" in _studio(data, "info").stdout

    _studio(data, "ingest", str(src))
    assert _studio(data, "doctor").returncode == 0


def test_write_killed_before_publishing_is_hidden_then_repaired(kb, tmp_path, monkeypatch):
    """GIVEN a document whose write dies (a BaseException, like a kill: no rollback) after its passages
    are stored but before it is published, once as a new document and once as an update
    THEN it is not listed, its new passages are not searchable, the old version stays whole, and
    `repair` deletes the leftovers."""
    doc = tmp_path / "luat.md"
    doc.write_text("# Luật\n\nCông đoàn cơ sở đại diện người lao động.\n", encoding="utf-8")
    kb.ingest_paths([doc])
    before = {p.id for p in kb.search("công đoàn", k=20)}
    doc.write_text("# Luật\n\nCông đoàn cơ sở đại diện người lao động.\n\n## Mới\n\nĐiều khoản zqnew mới.\n",
                   encoding="utf-8")
    other = tmp_path / "moi.md"
    other.write_text("# Mới\n\nTài liệu zqother chưa công bố.\n", encoding="utf-8")

    def die(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(kb.store, "_vector_ids", die)
    for path in (doc, other):
        with pytest.raises(KeyboardInterrupt):
            kb.ingest_paths([path], vectors="later")
    monkeypatch.undo()
    assert [d.title for d in kb.list_documents()] == ["Luật"]
    assert all("zq" not in p.text for p in kb.search("zqnew zqother", k=20))
    assert {p.id for p in kb.search("công đoàn", k=20)} == before
    assert kb.store.find_orphans().stale_passages >= 2
    repaired = kb.store.repair(grace_s=0)
    assert repaired.pending_documents and not kb.store.find_orphans().any
    assert {p.id for p in kb.search("công đoàn", k=20)} == before
    kb.ingest_paths([doc, other])
    assert len(kb.list_documents()) == 2 and kb.search("zqnew", k=5) and kb.search("zqother", k=5)
