"""Narration and music: espeak-ng and a loopback speech endpoint, real ffmpeg, the AAC track checked by decoding it."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

from studio.config import load_settings
from studio.errors import StudioError
from studio.media import audio
from studio.media.narration import EndpointNarrator, NarratorChoice, espeak_narrator, pick_narrator
from studio.media.video import VideoResult, probe_video, render_video
from tests.openai_server import OpenAIServer, endpoint_settings, tone_wav
from tests.test_video import SCRIPT, SMALL, _leftovers, _parse_srt

INTRO, OUTRO, FADE = 1.5, 2.0, 0.4


def _need_espeak():
    if shutil.which("espeak-ng"):
        return espeak_narrator("vi")
    if os.environ.get("CI"):
        pytest.fail("espeak-ng must be installed in CI (.ci/run installs it)")
    pytest.skip("espeak-ng is not installed")


def _rms(track: np.ndarray, start: float, end: float) -> float:
    part = track[int(start * audio.RATE) : int(end * audio.RATE)]
    return float(np.sqrt(np.mean(part.astype(np.float64) ** 2))) if part.size else 0.0


def _speech_windows(result: VideoResult) -> list[tuple[float, float]]:
    t, out = INTRO, []
    for d in result.durations:
        out.append((t, t + d))
        t += d
    return out


def _endpoint_narrator(server, tmp_path) -> EndpointNarrator:
    return pick_narrator(endpoint_settings(server, tmp_path / "d", tts_model="tts-1")).narrator


def test_espeak_narration_gives_an_aac_track_that_speaks_in_every_scene(tmp_path):
    narrator = _need_espeak()
    out = tmp_path / "nói.mp4"
    result = render_video(SCRIPT, out, size=SMALL, narrator=narrator)
    assert result.audio and result.narration == "espeak" and not result.notices
    # scenes are lengthened when their voice needs more room, never shortened
    assert all(d >= s["duration_s"] for d, s in zip(result.durations, SCRIPT["scenes"]))
    total = INTRO + sum(result.durations) + OUTRO
    info = probe_video(out)
    assert info["audio_codec"] == "aac" and info["audio_rate"] == 48000 and info["audio_layout"] == "stereo"
    assert abs(info["duration_s"] - total) <= 0.2
    track = audio.decode(out, "video")
    assert abs(audio.seconds(track) - total) <= 0.2
    assert _rms(track, 0.1, INTRO - 0.3) < 0.002  # the intro is silent
    for start, end in _speech_windows(result):
        assert _rms(track, start, end) > 0.02  # someone speaks in every scene
    assert _leftovers(tmp_path) == sorted(["nói.mp4", "nói.srt", "nói.vtt"])


def test_captions_follow_the_voice(tmp_path):
    """With narration, every scene's cues lie inside the span its voice is spoken in."""
    with OpenAIServer() as server:
        narrator = _endpoint_narrator(server, tmp_path)
        result = render_video(SCRIPT, tmp_path / "v.mp4", size=SMALL, narrator=narrator)
    track = audio.decode(tmp_path / "v.mp4", "video")
    cues = _parse_srt((tmp_path / "v.srt").read_text(encoding="utf-8"))
    assert [(s, e) for s, e, _ in cues] == [(s, e) for s, e, _ in result.cues]
    loud = np.abs(track) > 0.05
    for start, end, _ in cues:  # the tone is on while a cue is shown
        mid = int((start + end) / 2 * audio.RATE)
        assert loud[mid - 240 : mid + 240].any()


def test_speech_endpoint_is_asked_without_citation_markers_and_scenes_grow_to_fit(tmp_path):
    with OpenAIServer() as server:
        server.speech_s_per_char = 0.1  # ~8 s of speech for a 4-s scene
        choice = pick_narrator(load_settings(tts_base_url=server.url, tts_voice="nova", data_dir=tmp_path / "d"))
        assert choice.kind == "endpoint" and "nova" in choice.detail
        result = render_video(SCRIPT, tmp_path / "v.mp4", size=SMALL, narrator=choice)
        bodies = [r["body"] for r in server.requests if r["path"].endswith("/audio/speech")]
    assert len(bodies) == len(SCRIPT["scenes"])
    assert all("[S" not in b["input"] and b["voice"] == "nova" and b["response_format"] == "wav" for b in bodies)
    assert bodies[0]["input"].startswith("Công đoàn Ngân hàng Việt Nam")
    assert result.narration == "endpoint" and result.audio
    for b, d in zip(bodies, result.durations):
        speech = len(b["input"]) * 0.1
        assert d >= speech + FADE  # the scene holds its whole voice
        assert d <= speech + FADE + 0.25 + 0.35 + 0.1 + 0.05
    info = probe_video(tmp_path / "v.mp4")
    assert abs(info["duration_s"] - (INTRO + sum(result.durations) + OUTRO)) <= 0.2


def test_a_voice_too_long_for_thirty_seconds_is_sped_up_then_cut_with_a_notice(tmp_path):
    script = {**SCRIPT, "scenes": [dict(s) for s in SCRIPT["scenes"]]}
    script["scenes"][0]["narration"] = "Một câu rất dài. " * 30  # 510 characters → 51 s of tone
    with OpenAIServer() as server:
        server.speech_s_per_char = 0.1
        narrator = _endpoint_narrator(server, tmp_path)
        result = render_video(script, tmp_path / "v.mp4", size=SMALL, narrator=narrator, lang="vi",
                              message_lang="en")
    assert result.durations[0] == 30.0
    assert any("scene 1" in n and "cut" in n for n in result.notices)


def test_a_failing_speech_endpoint_falls_back_and_says_so(tmp_path, monkeypatch):
    with OpenAIServer() as server:
        server.status, server.retry_after = 500, 0.01
        monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng either
        choice = pick_narrator(load_settings(tts_base_url=server.url, data_dir=tmp_path / "d"))
        assert choice.fallback is None
        result = render_video(SCRIPT, tmp_path / "v.mp4", size=SMALL, narrator=choice, message_lang="vi")
    assert result.narration == "none" and not result.audio
    assert any("Không tạo được giọng đọc" in n for n in result.notices)
    assert "audio_codec" not in probe_video(tmp_path / "v.mp4")


def test_a_failing_speech_endpoint_falls_back_to_espeak(tmp_path):
    espeak = _need_espeak()
    with OpenAIServer() as server:
        server.status, server.retry_after = 503, 0.01
        endpoint = _endpoint_narrator(server, tmp_path)
        choice = NarratorChoice(endpoint, "endpoint", endpoint.detail, fallback=espeak)
        result = render_video(SCRIPT, tmp_path / "v.mp4", size=SMALL, narrator=choice, message_lang="en")
    assert result.narration == "espeak" and result.audio
    assert any("HTTP 503" in n for n in result.notices)


def test_without_endpoint_and_espeak_there_is_no_narrator(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pick_narrator(load_settings(data_dir=tmp_path)).kind == "none"
    result = render_video(SCRIPT, tmp_path / "v.mp4", size=SMALL, narrator=pick_narrator(load_settings()))
    assert not result.audio and result.durations == [s["duration_s"] for s in SCRIPT["scenes"]]


def test_music_is_ducked_under_the_voice():
    music = np.full(audio.RATE * 2, 0.5, dtype=np.float32)  # a constant 'music' signal, 2 s, looped
    voice = np.zeros(audio.RATE * 2, dtype=np.float32)
    track = audio.mix(10.0, [(4.0, voice)], music)
    level = lambda a, b: float(np.mean(np.abs(track[int(a * audio.RATE) : int(b * audio.RATE)])))  # noqa: E731
    assert level(1.0, 3.5) == pytest.approx(audio.MUSIC_LEVEL, rel=0.02)       # before: full bed (looped)
    assert level(4.3, 5.7) == pytest.approx(audio.MUSIC_DUCKED, rel=0.02)      # under the voice: ducked
    assert level(6.5, 8.0) == pytest.approx(audio.MUSIC_LEVEL, rel=0.02)       # after: back up
    assert audio.MUSIC_DUCKED < level(3.8, 4.0) < audio.MUSIC_LEVEL           # a ramp, not a click
    assert level(0.0, 0.05) < 0.05 and level(9.95, 10.0) < 0.05               # fades in and out
    assert track.size == 10 * audio.RATE


def test_music_only_video_has_an_audio_track(tmp_path):
    song = audio.write_wav(np.sin(np.linspace(0, 2 * np.pi * 440 * 3, audio.RATE * 3)).astype(np.float32) * 0.5,
                           tmp_path / "nhạc nền.wav")
    result = render_video(SCRIPT, tmp_path / "v.mp4", size=SMALL, music=song)
    assert result.audio and result.music and result.narration == "none"
    track = audio.decode(tmp_path / "v.mp4", "video")
    assert _rms(track, 5.0, 15.0) == pytest.approx(audio.MUSIC_LEVEL * 0.7071, rel=0.1)  # a sine at the bed level


def test_a_corrupt_music_file_is_refused_before_anything_is_written(tmp_path):
    bad = tmp_path / "bad.mp3"
    bad.write_bytes(b"ID3 this is not audio at all" * 20)
    with pytest.raises(StudioError) as err:
        render_video(SCRIPT, tmp_path / "out" / "v.mp4", size=SMALL, music=bad)
    assert err.value.code == "audio_invalid" and "bad.mp3" in err.value.message("vi")
    assert _leftovers(tmp_path / "out") == []


def test_decode_reads_the_endpoint_wav():
    samples = audio.decode(tone_wav(1.0), "tone")
    assert abs(audio.seconds(samples) - 1.0) < 0.01 and 0.45 < np.max(np.abs(samples)) < 0.55


def test_status_says_which_voice_videos_get(tmp_path, monkeypatch):
    from studio.status import narration_status

    monkeypatch.setenv("PATH", str(tmp_path))
    assert narration_status(load_settings(data_dir=tmp_path)).startswith("none")
    said = narration_status(load_settings(data_dir=tmp_path, tts_base_url="http://127.0.0.1:9/v1", tts_model="kokoro"))
    assert said.startswith("endpoint") and "kokoro" in said
