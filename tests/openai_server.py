"""A real HTTP server on loopback that speaks the OpenAI API (chat completions, embeddings, speech).

Tests give it a `reply(messages) -> str` function and may set `status` to make it fail (and `retry_after`, the
seconds a failure asks the client to wait); it records every request so tests can check what left the machine.
`endpoint_settings` points the chat, embeddings and speech endpoints of a Settings object at it.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np


def hashed_embedding(text: str, dim: int = 64) -> list[float]:
    """A deterministic bag-of-words vector: same words → same direction (a tiny real 'model')."""
    vec = np.zeros(dim, dtype=np.float64)
    for word in re.findall(r"\w+", text.lower()):
        h = int(hashlib.md5(word.encode()).hexdigest(), 16)
        vec[h % dim] += 1.0 if (h >> 8) & 1 else -1.0
    norm = np.linalg.norm(vec)
    return (vec / norm if norm else vec).tolist()


def tone_wav(seconds: float, freq: float = 220.0, rate: int = 24_000) -> bytes:
    """A 16-bit mono WAV of a sine tone (a tiny real 'voice')."""
    import io
    import wave

    t = np.arange(int(seconds * rate)) / rate
    pcm = (0.5 * np.sin(2 * np.pi * freq * t) * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return buf.getvalue()


def endpoint_settings(server: "OpenAIServer | str", data_dir, **extra):
    """Settings with the chat, embeddings and speech endpoints all on `server` (external, privacy mode on)."""
    from studio.config import Settings

    url = getattr(server, "url", server)  # or the address of a server that is not there
    values = {"data_dir": data_dir, "lang": "vi", "chroma_url": None, "llm_base_url": url,
              "llm_model": "loopback-chat", "embeddings_base_url": url, "embeddings_model": "loopback-embed",
              "tts_base_url": url, "tts_model": "loopback-tts", **extra}
    return Settings(**values)


class OpenAIServer:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.status = 200
        self.statuses: list[int] = []  # consumed one per request before `status` applies
        self.delay_s = 0.0
        self.retry_after: float | None = None  # sent as Retry-After with every failure when set
        self.reply = lambda messages: "{}"
        self.dim = 64
        self.speech_s_per_char = 0.05  # /audio/speech answers with a WAV tone this long per input character
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.requests.append({"path": self.path, "body": body})
                status = server.statuses.pop(0) if server.statuses else server.status
                if server.delay_s:
                    time.sleep(server.delay_s)
                if status != 200:
                    headers = {"Retry-After": f"{server.retry_after:g}"} if server.retry_after is not None else {}
                    self._send(status, {"error": {"message": "stub failure", "type": "server_error"}}, headers)
                    return
                if self.path.endswith("/embeddings"):
                    inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
                    data = [{"object": "embedding", "index": i, "embedding": hashed_embedding(t, server.dim)}
                            for i, t in enumerate(inputs)]
                    self._send(200, {"object": "list", "data": data, "model": body.get("model"),
                                     "usage": {"prompt_tokens": 0, "total_tokens": 0}})
                elif self.path.endswith("/audio/speech"):
                    data = tone_wav(len(body["input"]) * server.speech_s_per_char)
                    self.send_response(200)
                    self.send_header("Content-Type", "audio/wav")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                elif self.path.endswith("/chat/completions") and body.get("stream"):
                    self._stream(server.reply(body["messages"]), body.get("model"))
                elif self.path.endswith("/chat/completions"):
                    content = server.reply(body["messages"])
                    self._send(200, {
                        "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()),
                        "model": body.get("model"),
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": content}}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    })
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def _stream(self, content: str, model: str | None) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [content[i:i + 16] for i in range(0, len(content), 16)] or [""]
                for n, piece in enumerate(pieces):
                    delta = {"role": "assistant", "content": piece} if n == 0 else {"content": piece}
                    chunk = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()),
                             "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                end = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()),
                       "model": model, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
                self.wfile.flush()

            def _send(self, status: int, payload: dict, headers: dict | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> "OpenAIServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
