"""`studio serve` as a person or a service manager runs it: stopping it stops Streamlit, and the port is free
again for the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

from tests.browser_app import PROJECT_ROOT, free_port, python, studio_env


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def test_sigterm_to_studio_serve_stops_streamlit_and_frees_the_port(tmp_path):
    """GIVEN `studio serve` running on a free port WHEN its own process gets SIGTERM (as `kill PID` or systemd
    sends) THEN it exits, Streamlit with it (no process left in its group), and the port answers no more."""
    port = free_port()
    env = {**studio_env(tmp_path / "data", "Mat-khau-quan-tri-2026!"), "STUDIO_EMBEDDER": "static"}
    log = open(tmp_path / "serve.log", "w", encoding="utf-8")
    proc = subprocess.Popen([str(python()), "-m", "studio.cli", "serve", "--port", str(port)],
                            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while not _healthy(port):
            assert proc.poll() is None, (tmp_path / "serve.log").read_text(encoding="utf-8")[-3000:]
            assert time.monotonic() < deadline, "studio serve was not healthy within 3 minutes"
            time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)  # to `studio serve` only, not to its process group
        assert proc.wait(timeout=30) is not None
        deadline = time.monotonic() + 15
        while _healthy(port) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert not _healthy(port), "Streamlit still answers after studio serve was stopped"
        try:
            os.killpg(proc.pid, 0)  # anything left in the group (a Streamlit child) would still be found
            left = True
        except ProcessLookupError:
            left = False
        assert not left, "a process of studio serve's group outlived it"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        log.close()


def test_a_first_command_prints_the_admin_password_without_library_log_lines(tmp_path):
    """GIVEN a fresh data dir WHEN the first CLI command runs (it migrates the database and creates the admin)
    THEN stderr holds the one-time password line and no INFO lines of Alembic or other libraries: the static
    embedder's package configures logging on import, and that is undone."""
    env = {k: v for k, v in studio_env(tmp_path / "data", "").items() if k != "STUDIO_ADMIN_PASSWORD"}
    env["STUDIO_EMBEDDER"] = "static"
    done = subprocess.run([str(python()), "-m", "studio.cli", "docs", "list"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Mật khẩu dùng một lần" in done.stderr
    assert "INFO" not in done.stderr and "alembic" not in done.stderr, done.stderr
