"""The sound track of a video: narration clips placed on the timeline, music ducked under them.

Everything is plain NumPy over mono float32 samples at `RATE`; ffmpeg (the binary shipped by
imageio-ffmpeg) decodes whatever a narrator or a user's music file holds (WAV, MP3, OGG, M4A…)
and, when a narration is too long for its scene, speeds it up with its `atempo` filter.

Levels: every narration clip is normalised to a peak of `VOICE_PEAK`; music plays at
`MUSIC_LEVEL` and drops to `MUSIC_DUCKED` while someone speaks (linear ramps of `DUCK_RAMP_S`),
fades in over `FADE_IN_S` and out over `FADE_OUT_S` at the end, and loops when it is shorter
than the video.
"""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np

from studio.errors import StudioError

RATE = 48_000
VOICE_PEAK = 0.89     # ≈ −1 dBFS
MUSIC_LEVEL = 0.30    # ≈ −10 dB under full scale when nobody speaks
MUSIC_DUCKED = 0.07   # ≈ −23 dB under narration
DUCK_RAMP_S = 0.25
FADE_IN_S = 0.5
FADE_OUT_S = 1.5
MAX_TEMPO = 1.5       # the most a narration is sped up to fit its scene


def _ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def decode(source: bytes | str | Path, name: str = "audio", tempo: float = 1.0) -> np.ndarray:
    """Mono float32 samples at RATE from audio bytes or a file; `tempo` > 1 plays it faster."""
    cmd = [_ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin"]
    data = None
    if isinstance(source, (bytes, bytearray)):
        cmd += ["-i", "pipe:0"]
        data = bytes(source)
    else:
        cmd += ["-i", str(source)]
    if abs(tempo - 1.0) > 1e-3:
        cmd += ["-af", f"atempo={tempo:.4f}"]
    cmd += ["-vn", "-ac", "1", "-ar", str(RATE), "-f", "f32le", "pipe:1"]
    try:
        done = subprocess.run(cmd, input=data, capture_output=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StudioError("audio_invalid", name=name, detail=str(exc)) from exc
    samples = np.frombuffer(done.stdout, dtype="<f4")
    if done.returncode != 0 or samples.size == 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise StudioError("audio_invalid", name=name, detail=(detail[-1] if detail else "no audio stream")[:200])
    return samples.astype(np.float32)


def seconds(samples: np.ndarray) -> float:
    return samples.size / RATE


def normalise(samples: np.ndarray, peak: float = VOICE_PEAK) -> np.ndarray:
    top = float(np.max(np.abs(samples))) if samples.size else 0.0
    return samples * (peak / top) if top > 1e-6 else samples


def trim_silence(samples: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    """Without the leading and trailing silence synthesisers pad their output with."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if loud.size == 0:
        return samples[:0]
    return samples[loud[0] : loud[-1] + 1]


def speech_envelope(total_s: float, spans: list[tuple[float, float]]) -> np.ndarray:
    """1.0 where someone speaks (with ramps of DUCK_RAMP_S either side), 0.0 elsewhere."""
    n = int(round(total_s * RATE))
    env = np.zeros(n, dtype=np.float32)
    ramp = max(1, int(DUCK_RAMP_S * RATE))
    for start, end in spans:
        a, b = int(start * RATE), min(n, int(end * RATE))
        env[max(0, a) : b] = 1.0
        up = np.linspace(0.0, 1.0, ramp, endpoint=False, dtype=np.float32)
        lo = max(0, a - ramp)
        env[lo:a] = np.maximum(env[lo:a], up[ramp - (a - lo):])
        hi = min(n, b + ramp)
        env[b:hi] = np.maximum(env[b:hi], up[::-1][: hi - b])
    return env


def music_bed(music: np.ndarray, total_s: float) -> np.ndarray:
    """The music looped or cut to `total_s`, with a fade in and a fade out."""
    n = int(round(total_s * RATE))
    if music.size == 0 or n == 0:
        return np.zeros(n, dtype=np.float32)
    reps = -(-n // music.size)
    bed = np.tile(music, reps)[:n].astype(np.float32)
    fi, fo = min(n, int(FADE_IN_S * RATE)), min(n, int(FADE_OUT_S * RATE))
    bed[:fi] *= np.linspace(0.0, 1.0, fi, dtype=np.float32)
    bed[n - fo :] *= np.linspace(1.0, 0.0, fo, dtype=np.float32)
    return normalise(bed, 1.0)


def mix(total_s: float, voices: list[tuple[float, np.ndarray]], music: np.ndarray | None = None) -> np.ndarray:
    """The track: each voice clip at its start time, the music ducked under them; float32 in [-1, 1]."""
    n = int(round(total_s * RATE))
    track = np.zeros(n, dtype=np.float32)
    spans = []
    for start, clip in voices:
        a = int(round(start * RATE))
        b = min(n, a + clip.size)
        if b <= a:
            continue
        track[a:b] += clip[: b - a]
        spans.append((a / RATE, b / RATE))
    if music is not None:
        duck = speech_envelope(total_s, spans)
        gain = MUSIC_LEVEL - (MUSIC_LEVEL - MUSIC_DUCKED) * duck
        track += music_bed(music, total_s) * gain
    return np.clip(track, -1.0, 1.0)


def write_wav(samples: np.ndarray, path: str | Path) -> Path:
    """16-bit PCM mono WAV at RATE."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    return Path(path)
