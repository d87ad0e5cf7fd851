"""`render_video`: a Vietnamese script becomes an H.264 MP4 with matching SRT/VTT, checked with the ffmpeg binary."""

from __future__ import annotations

import re
import subprocess
import threading

import numpy as np
import pytest
from PIL import Image

from studio.drafting.formats import VideoScript, strip_markers
from studio.media.captions import MAX_CHARS, scene_timings, timeline, to_srt, to_vtt
from studio.media.video import VideoCancelled, VideoError, ffmpeg_exe, probe_video, render_video

SCRIPT = {
    "title": "Chuyển đổi số trong Công đoàn Ngân hàng Việt Nam",
    "scenes": [
        {"on_screen_text": "Công đoàn số: nhanh hơn, gần hơn",
         "narration": "Công đoàn Ngân hàng Việt Nam đẩy mạnh chuyển đổi số trong mọi hoạt động. [S1]",
         "duration_s": 4},
        {"on_screen_text": "Gần 100 triệu lượt truy cập",
         "narration": "Cổng thông tin điện tử đã đạt gần một trăm triệu lượt truy cập. [S2] "
                      "Đoàn viên tra cứu chính sách mọi lúc, mọi nơi. [S2]",
         "duration_s": 4},
        {"on_screen_text": "Ứng dụng hỗ trợ đoàn viên",
         "narration": "Ứng dụng trên điện thoại giúp đoàn viên gửi kiến nghị và nhận phúc lợi nhanh chóng. [S1, S3]",
         "duration_s": 4},
        {"on_screen_text": "Hãy cùng tham gia!",
         "narration": "Hãy cập nhật thông tin và chia sẻ với đồng nghiệp. [S3]",
         "duration_s": 4},
    ],
}
SMALL = (270, 480)
TOTAL = 1.5 + 16 + 2.0  # default intro + scenes + outro


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _check_stream(info: dict, duration: float, size: tuple[int, int]):
    assert abs(info["duration_s"] - duration) <= 0.2, info["raw"][-600:]
    assert (info["width"], info["height"]) == size
    assert info["codec"] == "h264"
    assert info["pix_fmt"] == "yuv420p"
    assert info["fps"] == 30
    assert abs(info["frames"] - round(duration * 30)) <= 1


def _parse_srt(text: str):
    cues = []
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")
        m = re.fullmatch(r"(\d\d):(\d\d):(\d\d),(\d\d\d) --> (\d\d):(\d\d):(\d\d),(\d\d\d)", lines[1])
        assert m, block
        v = [int(x) for x in m.groups()]
        cues.append((v[0] * 3600 + v[1] * 60 + v[2] + v[3] / 1000, v[4] * 3600 + v[5] * 60 + v[6] + v[7] / 1000,
                     lines[2:]))
    return cues


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("video")
    seen: list[float] = []
    result = render_video(SCRIPT, folder / "clip.mp4", size=SMALL, progress=seen.append)
    return folder, result, seen


# ---------------------------------------------------------------- captions (no rendering)

def test_cues_follow_scenes_and_keep_the_narration():
    """GIVEN the 4-scene script WHEN its cues are computed THEN every scene's cues lie in its visible window,
    in order, with ≤ 2 lines of ≤ 42 characters, and together say exactly the narration without markers."""
    script = VideoScript.model_validate(SCRIPT)
    segments = timeline(script)
    assert segments[-1].end == pytest.approx(TOTAL)
    cues = scene_timings(script)
    assert all(s < e for s, e, _ in cues)
    assert all(a[1] <= b[0] for a, b in zip(cues, cues[1:]))  # monotonic, no overlap
    for seg in (s for s in segments if s.kind == "scene"):
        mine = [c for c in cues if seg.visible_start <= c[0] < seg.visible_end]
        assert mine and mine[0][0] == seg.visible_start and mine[-1][1] == seg.visible_end
        assert all(c[1] <= seg.visible_end for c in mine)
        spoken = " ".join(c[2].replace("\n", " ") for c in mine)
        assert spoken == " ".join(strip_markers(script.scenes[seg.index].narration).split())
        assert "[S" not in spoken
    for _, _, text in cues:
        lines = text.split("\n")
        assert 1 <= len(lines) <= 2 and all(len(line) <= MAX_CHARS for line in lines)
        assert all(len(line.split()) > 1 for line in lines)  # no orphan word on a line of its own


def test_caption_files_are_deterministic_and_well_formed():
    cues = scene_timings(SCRIPT)
    assert to_srt(cues) == to_srt(scene_timings(SCRIPT))
    assert to_vtt(cues) == to_vtt(scene_timings(SCRIPT))
    vtt = to_vtt(cues)
    assert vtt.startswith("WEBVTT\n\n") and "00:00:01.700 --> " in vtt
    parsed = _parse_srt(to_srt(cues))
    assert [(round(s, 3), round(e, 3)) for s, e, _ in parsed] == [(s, e) for s, e, _ in cues]
    assert "Công đoàn Ngân hàng Việt Nam" in to_srt(cues)


# ---------------------------------------------------------------- rendering

def test_small_render_is_h264_with_matching_captions(small):
    """GIVEN the script rendered at 270×480 THEN the MP4 is h264/yuv420p/30 fps of the planned length,
    OUT.srt / OUT.vtt hold the planned cues inside the video, and nothing else is left in the folder."""
    folder, result, _ = small
    assert result.path == folder / "clip.mp4" and result.duration_s == pytest.approx(TOTAL)
    assert result.frames == round(TOTAL * 30)
    _check_stream(probe_video(result.path), TOTAL, SMALL)
    assert _leftovers(folder) == ["clip.mp4", "clip.srt", "clip.vtt"]
    cues = scene_timings(SCRIPT)
    assert result.srt_path.read_text(encoding="utf-8") == to_srt(cues)
    assert result.vtt_path.read_text(encoding="utf-8") == to_vtt(cues)
    parsed = _parse_srt(result.srt_path.read_text(encoding="utf-8"))
    assert parsed[0][0] >= 1.5 and parsed[-1][1] <= TOTAL - 2.0  # not over the intro / outro
    assert all(a[1] <= b[0] for a, b in zip(parsed, parsed[1:]))


def test_progress_is_monotonic_from_0_to_1(small):
    _, _, seen = small
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert all(a <= b for a, b in zip(seen, seen[1:]))
    assert len(seen) > 10


def test_caption_files_are_identical_across_renders(small, tmp_path):
    folder, result, _ = small
    again = render_video(SCRIPT, tmp_path / "clip.mp4", size=SMALL, zoom=0)
    assert again.srt_path.read_bytes() == result.srt_path.read_bytes()
    assert again.vtt_path.read_bytes() == result.vtt_path.read_bytes()


def test_cancel_leaves_nothing(tmp_path):
    """GIVEN a render WHEN cancel is set after 30 % progress THEN VideoCancelled is raised and the folder is empty."""
    cancel = threading.Event()
    seen: list[float] = []

    def progress(f):
        seen.append(f)
        if f > 0.3:
            cancel.set()

    with pytest.raises(VideoCancelled):
        render_video(SCRIPT, tmp_path / "clip.mp4", size=SMALL, progress=progress, cancel=cancel)
    assert max(seen) < 0.5 and 1.0 not in seen
    assert _leftovers(tmp_path) == []


def test_ffmpeg_failure_leaves_nothing(tmp_path, monkeypatch):
    from studio.media import video

    real = video._ffmpeg_command
    monkeypatch.setattr(video, "_ffmpeg_command", lambda *a: [*real(*a)[:-1], "-bogus-option", str(a[-1])])
    with pytest.raises(VideoError, match="ffmpeg failed"):
        render_video(SCRIPT, tmp_path / "clip.mp4", size=SMALL)
    assert _leftovers(tmp_path) == []


def test_bad_size_is_refused(tmp_path):
    with pytest.raises(ValueError, match="even"):
        render_video(SCRIPT, tmp_path / "clip.mp4", size=(271, 480))
    assert _leftovers(tmp_path) == []


def test_full_hd_five_seconds_and_a_readable_frame(tmp_path):
    """GIVEN 4 one-second scenes at 1080×1920 THEN a 5 s story video; a frame at 2 s shows the scene card
    with a dark caption band carrying light text (saved to /tmp/video_frame.png for a look)."""
    short = {**SCRIPT, "scenes": [{**s, "duration_s": 1.0} for s in SCRIPT["scenes"]]}
    result = render_video(short, tmp_path / "story.mp4", intro_s=0.5, outro_s=0.5)
    _check_stream(probe_video(result.path), 5.0, (1080, 1920))
    png = tmp_path / "frame.png"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-ss", "2", "-i", str(result.path), "-frames:v", "1",
                    str(png)], check=True, timeout=60)
    Image.open(png).save("/tmp/video_frame.png")
    frame = np.asarray(Image.open(png).convert("L"))
    assert frame.shape == (1920, 1080)
    band = frame[round(1920 * 0.84) - 150 : round(1920 * 0.84) - 20, 100:980]
    assert np.median(band) < 60 and (band > 200).mean() > 0.01  # dark band, light caption text
    cues = scene_timings(short, 0.5, 0.5)
    assert result.srt_path.read_text(encoding="utf-8") == to_srt(cues) and cues[-1][1] <= 4.5
