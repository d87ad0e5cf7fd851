"""Drafting benchmark (issue 16 goals): one language, no repeats, no markers on media, refusals, speed.

Run: `.venv/bin/python bench/drafting.py [--embedder e5|static] [--quick]`. Prints figures; never pass/fail.

The knowledge base is the shipped sample (knowledge/) plus the seed articles (../shared/seeds), ingested into a
fresh data dir. Topics are the on-topic and off-topic requests of tests/data/draft_requests/requests.yaml
(dev and test split reported apart). For every on-topic request and every registered format, in the request's
language (Vietnamese typed without diacritics counts as vi), the offline composer drafts variant 0 and 1, and:
- sentences in another language: `studio.drafting.language.foreign_sentences` over the published text;
- repeated sentences: the same sentence (markers stripped, folded) twice in one draft;
- markers on media: every string drawn on the infographic card rendered from an infographic brief, and the
  on-screen lines and caption cues of a video script, searched for "[S";
- variants: drafts whose variant 1 text equals variant 0; video on-screen lines over 12 words;
- speed: time per draft after start-up, against the retrieval alone (`kb.search`) measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEEDS = Path(os.environ.get("STUDIO_SEEDS_DIR") or ROOT.parent / "shared" / "seeds")
REQUESTS = ROOT / "tests" / "data" / "draft_requests" / "requests.yaml"
MARKER = re.compile(r"\[\s*S\s*\d", re.I)


def build_kb(embedder: str):
    os.environ["STUDIO_EMBEDDER"] = embedder
    from studio.config import Settings
    from studio.knowledge.base import KnowledgeBase

    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="bench-drafting-")), lang="vi", llm_base_url=None,
                        embeddings_base_url=None, chroma_url=None)
    kb = KnowledgeBase(settings)
    kb.ensure_sample()
    if SEEDS.is_dir():
        kb.ingest_paths(sorted(SEEDS.glob("*.txt")))
    return settings, kb


def media_markers(result) -> int:
    from studio.media.captions import scene_cues
    from studio.media.infographic import render_infographic
    from studio.media.service import spec_from_draft

    media = spec_from_draft(result.model_dump(mode="json"))
    if media is None:
        return 0
    kind, spec = media
    if kind == "infographic":
        from studio.media.infographic import TEMPLATES

        template = next(t for t in (spec.get("template"), spec.get("kind"), TEMPLATES[0]) if t in TEMPLATES)
        img = render_infographic(spec, template, (540, 675))
        return sum(bool(MARKER.search(box.text)) for box in img.info["layout"])
    from studio.drafting.formats import strip_markers

    drawn = [strip_markers(s["on_screen_text"]) for s in spec["scenes"]]
    drawn += [cue for s in spec["scenes"] for _, _, cue in scene_cues(s["narration"], 0.0, s["duration_s"])]
    return sum(bool(MARKER.search(t)) for t in drawn)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedder", default="e5", choices=["e5", "static"])
    parser.add_argument("--quick", action="store_true", help="8 on-topic requests only")
    parser.add_argument("--show", action="store_true", help="print each sentence in another language or repeated")
    args = parser.parse_args()
    t0 = time.perf_counter()
    settings, kb = build_kb(args.embedder)
    from studio.drafting.formats import word_count
    from studio.drafting.language import foreign_sentences
    from studio.drafting.models import DraftRequest
    from studio.drafting.prompts import load_prompts
    from studio.drafting.quality import repeated_sentences
    from studio.drafting.registry import NAMES
    from studio.drafting.render import content_text
    from studio.drafting.service import draft
    from studio.errors import StudioError
    from studio.style.store import current_style

    prompts, style = load_prompts(), current_style(settings)
    print(f"knowledge base: {len(kb.list_documents())} documents, built in {time.perf_counter() - t0:.0f} s "
          f"({args.embedder})")
    requests = yaml.safe_load(REQUESTS.read_text(encoding="utf-8"))["requests"]
    on = [r for r in requests if r["on_topic"]][: 8 if args.quick else None]
    off = [r for r in requests if not r["on_topic"]]
    kb.search("khởi động", k=8)  # start-up: models, term statistics
    draft(kb, DraftRequest(format="article", topic=on[0]["text"], lang="vi"), prompts, style=style)

    stats: dict[tuple, Counter] = {}
    times, search_times = [], []
    for r in on:
        lang = "en" if r["lang"] == "en" else "vi"
        for fmt in NAMES:
            row = stats.setdefault((r["split"], lang, fmt), Counter())
            texts = []
            for variant in (0, 1):
                request = DraftRequest(format=fmt, topic=r["text"], lang=lang, variant=variant)
                t = time.perf_counter()
                try:
                    result = draft(kb, request, prompts, style=style)
                except StudioError as err:
                    row["refused" if err.code == "draft_no_sources" else "failed"] += 1
                    continue
                finally:
                    times.append(time.perf_counter() - t) if variant == 0 else None
                text = content_text(result)
                texts.append(text)
                row["drafts"] += 1
                foreign, twice = foreign_sentences(text, lang), repeated_sentences(text)
                row["foreign"] += len(foreign)
                row["repeated"] += len(twice)
                if args.show:
                    for start, end, found in foreign:
                        print(f"  foreign ({found}) in {fmt} {lang} “{r['text']}”: {text[start:end]}")
                    for sentence in twice:
                        print(f"  repeated in {fmt} {lang} “{r['text']}”: {sentence}")
                row["media_markers"] += media_markers(result)
                row["style_findings"] += len(result.style)
                row["long_lines"] += sum(word_count(s["on_screen_text"]) > 12 for s in result.content.get("scenes", []))
            if len(texts) == 2:
                row["pairs"] += 1
                row["same_variant"] += texts[0] == texts[1]
        t = time.perf_counter()
        kb.search(r["text"], k=8)
        search_times.append(time.perf_counter() - t)

    print("\nsplit lang format              drafts refused failed foreign repeated media[S] same-variant style >12w")
    total = Counter()
    for (split, lang, fmt), row in sorted(stats.items()):
        total.update(row)
        print(f"{split:5} {lang:4} {fmt:18} {row['drafts']:6} {row['refused']:7} {row['failed']:6} "
              f"{row['foreign']:7} {row['repeated']:8} {row['media_markers']:8} "
              f"{row['same_variant']:4}/{row['pairs']:<4} {row['style_findings']:5} {row['long_lines']:4}")
    print(f"\nall: {total['drafts']} drafts, {total['foreign']} foreign sentences, {total['repeated']} repeated "
          f"sentences, {total['media_markers']} markers on media, {total['same_variant']}/{total['pairs']} variant "
          f"pairs identical, {total['long_lines']} on-screen lines over 12 words, {total['refused']} refused, "
          f"{total['failed']} failed (too little to quote)")

    refused = Counter()
    for r in off:
        try:
            draft(kb, DraftRequest(format="article", topic=r["text"], lang="en" if r["lang"] == "en" else "vi"),
                  prompts, style=style)
        except StudioError as err:
            refused[r["split"], err.code == "draft_no_sources"] += 1
        else:
            refused[r["split"], False] += 1
    for split in ("dev", "test"):
        n = refused[split, True] + refused[split, False]
        print(f"off-topic {split}: {refused[split, True]}/{n} refused")
    med, p95 = statistics.median(times), sorted(times)[int(0.95 * (len(times) - 1))]
    search = statistics.median(search_times)
    print(f"\ntime per draft (variant 0, all formats): median {med * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
          f"retrieval alone median {search * 1000:.0f} ms (draft = {med / search:.1f}× retrieval)")


if __name__ == "__main__":
    main()
