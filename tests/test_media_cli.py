"""`studio infographic` through the entry point: from a drafted brief to a PNG, and bad specs refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from PIL import Image

from studio.config import PROJECT_ROOT


def _cli(args, data_dir):
    env = {**os.environ, "STUDIO_DATA_DIR": str(data_dir), "STUDIO_LANG": "vi"}
    env.pop("STUDIO_LLM_BASE_URL", None)
    return subprocess.run([sys.executable, "-m", "studio.cli", *args], capture_output=True, text=True, env=env,
                          cwd=PROJECT_ROOT, timeout=300)


def test_drafted_infographic_brief_becomes_a_png(tmp_path):
    """GIVEN the sample knowledge base WHEN an infographic brief is drafted and rendered
    THEN a 1080×1350 PNG exists, its alt text names the drafted figures, and no document number is a figure."""
    assert _cli(["sample"], tmp_path).returncode == 0
    drafted = _cli(["draft", "--format", "infographic_brief", "--topic", "chuyển đổi số trong công đoàn ngân hàng",
                    "--json"], tmp_path)
    assert drafted.returncode == 0, drafted.stderr
    assert "INFO" not in drafted.stderr  # no library chatter on the terminal
    brief = json.loads(drafted.stdout)
    spec = tmp_path / "brief.json"
    spec.write_text(drafted.stdout, encoding="utf-8")
    out = tmp_path / "the-tin.png"
    rendered = _cli(["infographic", str(spec), "-o", str(out)], tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert Image.open(out).size == (1080, 1350)
    alt = rendered.stdout.splitlines()[-1]
    assert all(item["value"] in alt for item in brief["items"])
    assert all(item["value"] not in {"57", "57-NQ/TW"} for item in brief["items"])


def test_bad_spec_is_refused_with_a_message_and_no_file(tmp_path):
    spec = tmp_path / "hong.json"
    spec.write_text('{"title": 1', encoding="utf-8")
    out = tmp_path / "x.png"
    result = _cli(["infographic", str(spec), "-o", str(out)], tmp_path)
    assert result.returncode == 2 and "hong.json" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_drafted_video_script_becomes_an_mp4_with_captions(tmp_path):
    """GIVEN the sample knowledge base WHEN a video script is drafted and rendered small
    THEN an H.264 MP4, an SRT and a VTT exist with ordinary permissions and matching durations."""
    from studio.media.video import probe_video

    assert _cli(["sample"], tmp_path).returncode == 0
    drafted = _cli(["draft", "--format", "video_script", "--topic", "chuyển đổi số trong công đoàn ngân hàng",
                    "--json"], tmp_path)
    script = json.loads(drafted.stdout)
    spec = tmp_path / "kich-ban.json"
    spec.write_text(drafted.stdout, encoding="utf-8")
    out = tmp_path / "video.mp4"
    rendered = _cli(["video", str(spec), "--size", "270x480", "-o", str(out)], tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    info = probe_video(out)
    scenes = sum(s["duration_s"] for s in script["scenes"])
    assert (info["codec"], info["pix_fmt"], info["width"], info["height"]) == ("h264", "yuv420p", 270, 480)
    assert scenes < info["duration_s"] < scenes + 5  # intro and outro around the scenes
    for path in (out, out.with_suffix(".srt"), out.with_suffix(".vtt")):
        assert path.stat().st_mode & 0o044  # readable by others, like any exported file
    assert out.with_suffix(".vtt").read_text(encoding="utf-8").startswith("WEBVTT")


def test_narrate_without_any_voice_says_captions_only_and_still_renders(tmp_path):
    """GIVEN no speech endpoint and no espeak-ng on PATH WHEN `studio video --narrate` runs
    THEN it says (in Vietnamese) the video has captions only, exits 0, and the MP4 has no audio."""
    from studio.media.video import probe_video
    from tests.test_video import SCRIPT

    spec = tmp_path / "kịch bản.json"
    spec.write_text(json.dumps(SCRIPT, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "video.mp4"
    env = {**os.environ, "STUDIO_DATA_DIR": str(tmp_path), "STUDIO_LANG": "vi", "PATH": str(tmp_path)}
    env.pop("STUDIO_TTS_BASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "studio.cli", "video", str(spec), "--size", "270x480",
                             "--narrate", "-o", str(out)], capture_output=True, text=True, env=env,
                            cwd=PROJECT_ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Video chỉ có phụ đề" in result.stderr
    assert "audio_codec" not in probe_video(out)


def test_narrate_and_music_give_an_aac_track(tmp_path):
    import numpy as np

    from studio.media import audio
    from studio.media.video import probe_video
    from tests.test_video import SCRIPT

    spec = tmp_path / "script.json"
    spec.write_text(json.dumps(SCRIPT, ensure_ascii=False), encoding="utf-8")
    song = audio.write_wav(np.sin(np.linspace(0, 2 * np.pi * 330 * 2, audio.RATE * 2)).astype(np.float32) * 0.4,
                           tmp_path / "music.wav")
    out = tmp_path / "video.mp4"
    result = _cli(["video", str(spec), "--size", "270x480", "--narrate", "--music", str(song), "-o", str(out)],
                  tmp_path)
    assert result.returncode == 0, result.stderr
    info = probe_video(out)
    assert info["audio_codec"] == "aac" and info["audio_layout"] == "stereo"
