"""Parse one file in a forked child with a wall-time limit and a memory limit (RLIMIT_AS).

Whatever a file does to a parser (a quadratic path, a huge allocation, a C-level crash), the
server's own process keeps its memory and its other users; the caller gets a `StudioError`.
The child only parses and pickles the result into a pipe; it writes nothing else. Where `fork` is
missing (Windows) the file is parsed in-process, still behind the structural limits in `limits`.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import TypeVar

from studio.errors import StudioError
from studio.knowledge import limits

T = TypeVar("T")


def _address_space() -> int:
    """Current virtual size of this process in bytes (0 when unknown)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def run_isolated(func: Callable[..., T], *args, name: str, seconds: float | None = None,
                 memory_mb: int | None = None) -> T:
    """`func(*args)` in a child process; `parse_timeout` / `parse_memory` when it goes over."""
    seconds = limits.PARSE_SECONDS if seconds is None else seconds
    memory_mb = limits.PARSE_MEMORY_MB if memory_mb is None else memory_mb
    if not hasattr(os, "fork"):
        return func(*args)
    read_fd, write_fd = os.pipe()
    base = _address_space()
    pid = os.fork()
    if pid == 0:  # child: parse, send, leave without running the parent's cleanup
        code = 0
        try:
            os.close(read_fd)
            if base:
                import resource

                cap = base + memory_mb * 2**20
                resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
            try:
                payload = pickle.dumps(("ok", func(*args)))
            except StudioError as err:
                payload = pickle.dumps(("error", (err.code, err.params)))
            except MemoryError:
                payload = pickle.dumps(("memory", None))
            except Exception as exc:  # a parser's own exception: reported by type only
                payload = pickle.dumps(("crash", type(exc).__name__))
            with os.fdopen(write_fd, "wb") as out:
                out.write(payload)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    timed_out = False
    poller = select.poll()  # not select.select: a busy server's descriptors pass FD_SETSIZE (1024)
    poller.register(read_fd, select.POLLIN | select.POLLHUP)
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            if not poller.poll(left * 1000):
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if timed_out:
        raise StudioError("parse_timeout", name=name, seconds=seconds)
    data = b"".join(chunks)
    if not data:  # killed (out of memory inside C code) or crashed before it could answer
        if os.WIFSIGNALED(status) or os.WEXITSTATUS(status):
            raise StudioError("parse_memory", name=name, limit_mb=memory_mb)
        raise StudioError("ingest_failed", name=name, detail="parser gave no result")
    kind, value = pickle.loads(data)
    if kind == "ok":
        return value
    if kind == "error":
        code, params = value
        raise StudioError(code, **params)
    if kind == "memory":
        raise StudioError("parse_memory", name=name, limit_mb=memory_mb)
    raise StudioError("ingest_failed", name=name, detail=f"parser error {value}")
