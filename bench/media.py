"""Media benchmark: infographic card time, and a 30 s 1080×1920 video — ours against a naive moviepy
composition of the same video (per-frame resized ImageClips + caption clips in a CompositeVideoClip),
measured side by side in this run. Prints figures; never pass/fail. Run: `.venv/bin/python bench/media.py`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from studio.media.captions import scene_timings  # noqa: E402
from studio.media.infographic import render_infographic  # noqa: E402
from studio.media.narration import espeak_narrator  # noqa: E402
from studio.media.video import render_video  # noqa: E402

BRIEF = {"title": "Chuyển đổi số trong công tác công đoàn ngành Ngân hàng", "kind": "key_figures", "lang": "vi",
         "items": [{"value": "gần 100 triệu", "label": "lượt truy cập trang thông tin điện tử", "source": "S1"},
                   {"value": "1.200", "label": "tin, bài/năm được đăng", "source": "S1"},
                   {"value": "gần 30.000", "label": "người theo dõi Fanpage", "source": "S1"},
                   {"value": "92,23%", "label": "tỷ lệ hoàn thành cuộc thi an toàn, vệ sinh lao động", "source": "S2"}]}
SCRIPT = {"title": "Chuyển đổi số trong Công đoàn Ngân hàng Việt Nam", "scenes": [
    {"on_screen_text": "Gần 100 triệu lượt truy cập", "duration_s": 6.625,
     "narration": "Cổng thông tin điện tử đã đạt gần một trăm triệu lượt truy cập [S1]."},
    {"on_screen_text": "1.200 tin, bài mỗi năm", "duration_s": 6.625,
     "narration": "Mỗi năm có khoảng một nghìn hai trăm tin, bài được đăng tải [S1]."},
    {"on_screen_text": "Gần 30.000 người theo dõi", "duration_s": 6.625,
     "narration": "Trang fanpage có gần ba mươi nghìn người theo dõi [S1]."},
    {"on_screen_text": "92,23% hoàn thành cuộc thi", "duration_s": 6.625,
     "narration": "Cuộc thi an toàn, vệ sinh lao động có tỷ lệ hoàn thành 92,23% [S2]."}]}


def naive_moviepy(script, out: Path, size=(1080, 1920), fps=30) -> float:
    """The same video the naive way; returns its duration."""
    from moviepy import CompositeVideoClip, ImageClip, concatenate_videoclips
    from PIL import Image, ImageDraw

    from studio.media.fonts import font_path, load_font

    w, h = size
    scenes = []
    cues = scene_timings(script, 0.0, 0.0, 0.4)
    for scene in script["scenes"]:
        card = render_infographic({"title": scene["on_screen_text"], "lang": "vi"}, "cover", size)
        clip = ImageClip(np.asarray(card.convert("RGB"))).with_duration(scene["duration_s"])
        zoomed = clip.resized(lambda t: 1 + 0.04 * t / scene["duration_s"])  # resized on every frame
        scenes.append(CompositeVideoClip([zoomed.with_position("center")], size=size))
    video = concatenate_videoclips(scenes, method="compose", padding=-0.4)
    captions = []
    for start, end, text in cues:
        band = Image.new("RGBA", (w, h // 8), (20, 24, 32, 230))
        ImageDraw.Draw(band).multiline_text((40, 20), text, font=load_font(font_path("regular"), h // 34),
                                            fill="white")
        captions.append(ImageClip(np.asarray(band)).with_start(start).with_duration(end - start)
                        .with_position(("center", int(h * 0.78))))
    final = CompositeVideoClip([video, *captions], size=size)
    final.write_videofile(str(out), fps=fps, codec="libx264", preset="veryfast", logger=None, audio=False)
    return final.duration


def main() -> None:
    times = []
    for _ in range(10):
        t = time.perf_counter()
        render_infographic(BRIEF, "key_figures", "portrait")
        times.append((time.perf_counter() - t) * 1000)
    print(f"## Infographic key_figures 1080×1350: median {statistics.median(times):.0f} ms, "
          f"max {max(times):.0f} ms (10 renders)")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        ours = render_video(SCRIPT, Path(tmp) / "ours.mp4")
        ours_s = time.perf_counter() - t
        narrated = None
        espeak = espeak_narrator()
        if espeak is not None:
            t = time.perf_counter()
            narrated = render_video(SCRIPT, Path(tmp) / "narrated.mp4", narrator=espeak)
            narrated_s = time.perf_counter() - t
        t = time.perf_counter()
        naive_duration = naive_moviepy(SCRIPT, Path(tmp) / "naive.mp4")
        naive_s = time.perf_counter() - t
    print(f"## Video 1080×1920 30 fps: ours {ours.duration_s:.1f} s of video in {ours_s:.1f} s wall "
          f"({ours.duration_s / ours_s:.2f}× real time); naive moviepy {naive_duration:.1f} s in {naive_s:.1f} s "
          f"({naive_duration / naive_s:.2f}×); speed-up {naive_s / ours_s * naive_duration / ours.duration_s:.1f}× "
          f"per second of video")
    if narrated is None:
        print("## Narrated video: espeak-ng not installed, skipped")
    else:
        print(f"## Narrated video (espeak-ng vi + AAC): {narrated.duration_s:.1f} s of video in {narrated_s:.1f} s wall "
              f"({narrated.duration_s / narrated_s:.2f}× real time); {narrated_s / narrated.duration_s:.3f} s wall per "
              f"second of video vs {ours_s / ours.duration_s:.3f} s silent ({(narrated_s / narrated.duration_s) / (ours_s / ours.duration_s):.2f}×)")


if __name__ == "__main__":
    main()
