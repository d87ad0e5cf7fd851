"""The vector step of ingest: text first, vectors after, resumable, safe against kill -9 (real e5, real Chroma)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from studio.config import PROJECT_ROOT, Settings
from studio.errors import StudioError
from studio.knowledge.base import KnowledgeBase
from studio.knowledge.embeddings import E5Embedder, WordLlamaEmbedder, e5_engine_supported, load_e5

LAW = PROJECT_ROOT / "tests" / "data" / "legal" / "luat-cong-doan-2024-50-2024-QH15.txt"


def _settings(tmp_path, **extra) -> Settings:
    return Settings(data_dir=tmp_path / "data", lang="vi", chroma_url=None, llm_base_url=None,
                    embeddings_base_url=None, **extra)


def test_a_document_is_searchable_by_words_before_its_vectors_exist(tmp_path, e5_embedder):
    """GIVEN a law stored with its vectors left for later
    WHEN it is searched right away
    THEN word search finds the answer, the status says 0 of N passages have vectors; after
    `embed_pending` all N have one and the vector channel alone finds the passage too."""
    kb = KnowledgeBase(_settings(tmp_path), embedder=e5_embedder)
    kb.ingest_paths([LAW], vectors="later")
    status = kb.vector_status()
    assert status.total > 20 and status.done == 0
    query = "công đoàn cơ sở được thành lập ở đâu"
    assert kb.search(query, k=5)  # words and numbers work with no vector at all
    events = []
    final = kb.embed_pending(events.append)
    assert final.done == final.total == status.total
    assert events[-1].done == status.total and [e.done for e in events] == sorted(e.done for e in events)
    dense = kb.search_with("Công đoàn có quyền đại diện cho người lao động", kb.search_options(k=3, lexical=False))
    assert dense and all(p.doc_id == dense[0].doc_id for p in dense)


def test_a_vector_run_killed_half_way_is_finished_by_the_next_run(tmp_path):
    """GIVEN a process computing a law's vectors with the e5 model
    WHEN it is killed with SIGKILL after some batches were written
    THEN the document and all its passages are stored and searchable, some passages have no vector,
    no vector is orphaned, and the next `embed_pending` finishes exactly the missing ones."""
    data = tmp_path / "data"
    child = textwrap.dedent(f"""
        import sys
        from studio.config import Settings
        from studio.knowledge.base import KnowledgeBase
        kb = KnowledgeBase(Settings(data_dir={str(data)!r}, embedder="e5"))
        kb.ingest_paths([{str(LAW)!r}], vectors="later")
        print("stored", kb.vector_status().total, flush=True)
        kb.embed_pending(lambda e: print("done", e.done, flush=True))
        print("finished", flush=True)
    """)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True, env=env)
    total, done = 0, 0
    deadline = time.monotonic() + 300
    for line in proc.stdout:
        word, *rest = line.split()
        if word == "stored":
            total = int(rest[0])
        elif word == "done" and int(rest[0]) > 0:
            done = int(rest[0])
            os.kill(proc.pid, signal.SIGKILL)
            break
        assert word != "finished" and time.monotonic() < deadline
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL and 0 < done < total

    kb = KnowledgeBase(Settings(data_dir=data, embedder="e5"))
    status = kb.vector_status()
    assert status.total == total and done <= status.done < total  # a batch may have landed after the print
    assert [d.chunks for d in kb.list_documents()] == [total]
    assert kb.store.drop_orphan_vectors() == 0
    assert kb.search("ban chấp hành công đoàn", k=3)
    pending = set(kb.store.pending_ids())
    assert len(pending) == total - status.done
    final = kb.embed_pending()
    assert final.done == final.total == total and kb.store.pending_ids() == []


def test_embedding_in_two_threads_gives_the_vectors_of_one(e5_embedder):
    """The app embeds a query while a background thread embeds passages: the engine keeps no shared state."""
    import threading

    texts = [f"Điều {i}. Người lao động có quyền thành lập, gia nhập công đoàn theo quy định {i}." for i in range(24)]
    alone = e5_embedder.embed_passages(texts)
    results: dict[int, np.ndarray] = {}

    def run(n: int) -> None:
        results[n] = e5_embedder.embed_passages(texts)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    query = e5_embedder.embed_queries(["quyền thành lập công đoàn"])
    for thread in threads:
        thread.join()
    for n in range(2):
        assert np.allclose(results[n], alone, atol=1e-5)
    assert np.allclose(query, e5_embedder.embed_queries(["quyền thành lập công đoàn"]), atol=1e-5)


def test_e5_reads_queries_and_passages_with_their_prefixes_and_crosses_languages(e5_embedder):
    passages = e5_embedder.embed_passages([
        "Người lao động làm thêm giờ không quá 200 giờ trong 01 năm.",
        "Lao động nữ được nghỉ thai sản trước và sau khi sinh con là 06 tháng.",
    ])
    assert passages.shape == (2, 384) and np.allclose(np.linalg.norm(passages, axis=1), 1, atol=1e-4)
    for query in ("How many overtime hours are allowed per year?", "Wie viele Überstunden im Jahr?"):
        scores = passages @ e5_embedder.embed_queries([query])[0]
        assert scores[0] > scores[1], query
    maternity = passages @ e5_embedder.embed_queries(["maternity leave for women workers"])[0]
    assert maternity[1] > maternity[0]


def test_the_engine_is_not_loaded_on_a_cpu_without_avx2():
    assert not e5_engine_supported("processor : 0\nflags : fpu vme sse sse2 ssse3\n")
    assert e5_engine_supported("processor : 0\nflags : fpu sse2 avx avx2 fma bmi2\n") in (True, False)  # not x86-64?


def test_where_the_engine_cannot_load_the_static_model_takes_over_with_a_notice(tmp_path):
    """GIVEN an engine file that is not a loadable library (another platform's build, a damaged wheel)
    WHEN the embedder is made
    THEN the static model runs, and a notice in Vietnamese and English says why and what it costs."""
    broken = tmp_path / "_engine.so"
    broken.write_bytes(b"\x7fELF not really")
    embedder = load_e5(engine_path=str(broken))
    assert isinstance(embedder, WordLlamaEmbedder) and embedder.notice is not None
    assert "e5" in embedder.notice.message("vi") and "dự phòng" in embedder.notice.message("vi")
    assert "fallback" in embedder.notice.message("en")
    assert embedder.embed_queries(["công đoàn"]).shape[0] == 1
    if e5_engine_supported():
        assert isinstance(load_e5(), E5Embedder)


def test_the_store_made_before_the_split_is_migrated_with_its_vectors(tmp_path, embedder):
    """GIVEN a store of the earlier layout (text and vectors together in one collection)
    WHEN the studio opens it
    THEN passages and their vectors move to the split collections, the old one is dropped, and
    search works without re-embedding."""
    import hashlib

    import chromadb

    from studio.knowledge.store import make_client

    settings = _settings(tmp_path)
    client = make_client(settings)
    key = hashlib.sha1(embedder.id.encode()).hexdigest()[:10]
    old = client.get_or_create_collection(f"studio-chunks-{key}", embedding_function=None,
                                          configuration={"hnsw": {"space": "cosine"}},
                                          metadata={"embedder": embedder.id})
    texts = ["Hội nghị người lao động năm 2026 tổ chức tại Hải Phòng.", "Đoàn phí công đoàn bằng 1% tiền lương."]
    old.add(ids=["doc-1:a", "doc-1:b"], embeddings=embedder.embed_passages(texts), documents=texts,
            metadatas=[{"doc_id": "doc-1", "title": "Thông báo", "lang": "vi", "start": 0, "end": len(t),
                        "index": i, "section": ""} for i, t in enumerate(texts)])
    client.get_or_create_collection("studio-documents", embedding_function=None).add(
        ids=["doc-1"], embeddings=[[1.0]], documents=["\n\n".join(texts)],
        metadatas=[{"title": "Thông báo", "lang": "vi", "chunks": 2, "source": "thong-bao.md"}])
    del client
    kb = KnowledgeBase(settings, client=chromadb.PersistentClient(path=str(settings.chroma_dir),
                                                                 settings=chromadb.Settings(anonymized_telemetry=False)),
                       embedder=embedder)
    names = [c.name for c in kb.store.client.list_collections()]
    assert f"studio-chunks-{key}" not in names
    assert kb.vector_status().done == kb.vector_status().total == 2
    assert "Hải Phòng" in kb.search("hoi nghi nguoi lao dong Hai Phong", k=1)[0].text


def test_background_vectors_finish_after_an_upload_and_a_start_during_a_run_is_not_lost(tmp_path, embedder):
    kb = KnowledgeBase(_settings(tmp_path), embedder=embedder)
    first = kb.ingest_upload("a.md", "# A\n\nCông đoàn cơ sở tổ chức hội nghị người lao động.\n".encode())
    second = kb.ingest_upload("b.md", "# B\n\nĐoàn phí công đoàn bằng 1% quỹ tiền lương.\n".encode())
    assert first[0].status == second[0].status == "added"
    deadline = time.monotonic() + 60
    while kb.background.running() and time.monotonic() < deadline:
        kb.background.wait(0.2)
    assert kb.background.error is None
    status = kb.vector_status()
    assert status.done == status.total == 2


def test_cancel_stops_between_batches_and_keeps_what_was_written(tmp_path, embedder):
    import threading

    kb = KnowledgeBase(_settings(tmp_path), embedder=embedder)
    kb.ingest_paths([LAW], vectors="later")
    cancel = threading.Event()

    def stop_after_first_batch(event) -> None:
        if event.done > 0:
            cancel.set()

    with pytest.raises(StudioError) as err:
        kb.embed_pending(stop_after_first_batch, cancel)
    assert err.value.code == "cancelled"
    status = kb.vector_status()
    assert 0 < status.done < status.total
