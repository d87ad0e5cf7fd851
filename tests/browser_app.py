"""Helpers of the browser test (`tests/test_browser.py`): the real app as a Streamlit subprocess on a free
loopback port, and a few Playwright moves that wait for Streamlit instead of sleeping.

The server runs in its own process group, so stopping it also stops anything it started; every wait has a
deadline and says what it was waiting for.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from studio.config import PROJECT_ROOT
from studio.ui.i18n import translate

PYTHON = Path(sys.executable)
VENV_PYTHON = PROJECT_ROOT / ".venv" / "bin" / "python"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "browser"

# variables of the developer's shell that would point the app somewhere else than the test's data dir
_CLEARED = ("STUDIO_LLM_BASE_URL", "STUDIO_LLM_API_KEY", "STUDIO_EMBEDDINGS_BASE_URL", "STUDIO_CHROMA_URL",
            "STUDIO_DATABASE_URL", "STUDIO_TTS_BASE_URL", "STUDIO_BRAND_KIT", "STUDIO_SAFETY_POLICY",
            "STUDIO_COLLECTION_PREFIX")


def python() -> Path:
    """The checkout's `.venv` interpreter (`make test` makes it), else the one running the tests."""
    return VENV_PYTHON if VENV_PYTHON.is_file() else PYTHON


def studio_env(data_dir: Path, admin_password: str, lang: str = "vi") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    env.update(STUDIO_DATA_DIR=str(data_dir), STUDIO_LANG=lang, STUDIO_ADMIN_PASSWORD=admin_password,
               STUDIO_SAMPLE_DIR=str(PROJECT_ROOT / "knowledge"), PYTHONUNBUFFERED="1")
    return env


def add_user(env: dict[str, str], name: str, role: str, password: str) -> None:
    """`studio users add NAME --role ROLE --password-stdin`, through the CLI's entry point."""
    exe = python().parent / "studio"
    cli = [str(exe)] if exe.is_file() else [str(python()), "-m", "studio.cli"]
    done = subprocess.run([*cli, "users", "add", name, "--role", role, "--password-stdin"],
                          input=password + "\n", env=env, cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"studio users add {name}: {done.stdout}\n{done.stderr}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class App:
    """A running `streamlit run app.py`; `startup_s` is from Popen to a healthy `/_stcore/health`."""
    proc: subprocess.Popen
    base_url: str
    log_path: Path
    started: float
    startup_s: float = 0.0
    _log: object = field(default=None, repr=False)

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""


def start_app(env: dict[str, str], log_path: Path, timeout: float = 180) -> App:
    port = free_port()
    log = open(log_path, "w", encoding="utf-8")
    cmd = [str(python()), "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]  # no watcher threads over the checkout (and no inotify overflow)
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)  # its own process group: stop_app ends its children too
    app = App(proc, f"http://127.0.0.1:{port}", log_path, started, _log=log)
    try:
        _wait_healthy(app, timeout)
    except BaseException:
        stop_app(app)
        raise
    app.startup_s = time.monotonic() - started
    return app


def _wait_healthy(app: App, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {app.proc.returncode}:\n{app.log_tail()}")
        try:
            with urllib.request.urlopen(app.base_url + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"streamlit was not healthy within {timeout:.0f} s:\n{app.log_tail()}")


def stop_app(app: App) -> None:
    """SIGTERM to the server's process group, SIGKILL after 15 s; the group is the server and its children."""
    pgid = app.proc.pid  # start_new_session: the server leads its own group
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        try:
            app.proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    try:  # children that outlived the leader are still in its group
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    if app._log is not None:
        app._log.close()


@contextmanager
def running_app(env: dict[str, str], log_path: Path, timeout: float = 180):
    """The app started for a test and stopped after it, whatever happens; it must be gone afterwards."""
    running = start_app(env, log_path, timeout)
    try:
        yield running
    finally:
        stop_app(running)
        assert running.proc.poll() is not None, "the app is still running"


# ---------------------------------------------------------------- Playwright moves

def vi(key: str, /, **params) -> str:
    """A UI string of the Vietnamese table, as the page shows it."""
    return translate("vi", key, **params)


# Streamlit is idle when the app is connected, its script is not running (the attribute Streamlit's own e2e
# tests read; the "Running…" status widget is not drawn with `toolbarMode = "minimal"`, and only after 0.5 s
# anyway), the status widget, if any, is gone, and no element of the previous run is still stale or a skeleton
_IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testConnectionState !== 'CONNECTED') return false;
  if (app.dataset.testScriptState !== 'notRunning') return false;
  const w = document.querySelector('[data-testid="stStatusWidget"]');
  if (w && w.offsetParent !== null) return false;
  return !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]');
}"""


def settle(page, timeout: float = 120_000, quiet_ms: int = 400) -> None:
    """Wait until the script run has finished and stayed finished for `quiet_ms` (a click starts its rerun a
    moment later, so a single idle look right after it could see the page before the rerun began)."""
    deadline = time.monotonic() + timeout / 1000
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    while True:
        left = max(1.0, (deadline - time.monotonic()) * 1000)
        page.wait_for_function(_IDLE_JS, timeout=left)
        page.wait_for_timeout(quiet_ms)
        if page.evaluate(_IDLE_JS):
            return
        if time.monotonic() > deadline:
            raise TimeoutError("Streamlit kept running")


def shoot(page, n: int, name: str) -> Path:
    """`test-artifacts/browser/NN-name.png`: the window as the user sees it (Streamlit scrolls inside its main
    area, so a "full page" is the viewport; the test scrolls what a step shows into view)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{n:02d}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
