"""Relevance gate benchmark ("no sources, no draft"): accept/refuse rates and per-call time.

Run: `.venv/bin/python bench/relevance.py [--embedder static|e5|both] [--sweep] [--show]`.

Builds a real knowledge base (the shipped sample knowledge/ + the seed articles, real embedded
Chroma in a temporary folder) per embedder, searches every request of
tests/data/draft_requests/requests.yaml as drafting does (`kb.search(topic, k=8)`), and prints, per
split (dev/test) and language, the share of on-topic requests answered and of off-topic requests
refused by `studio.drafting.relevance.assess`, against the baseline (today: every request answered).
`--sweep` prints the dev rates over a range of thresholds (the calibration; test is never looked at
for it); `--show` prints every dev request's score. Never pass/fail.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml

from studio.config import Settings
from studio.drafting.relevance import THRESHOLD, assess, suggestion
from studio.knowledge.base import KnowledgeBase

SEEDS = Path(os.environ.get("STUDIO_SEEDS_DIR") or ROOT.parent / "shared" / "seeds")
REQUESTS = ROOT / "tests" / "data" / "draft_requests" / "requests.yaml"
K = 8  # passages a draft retrieves by default


def load_requests(path: Path = REQUESTS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["requests"]


def build_kb(embedder_kind: str, folder: Path) -> KnowledgeBase:
    if embedder_kind == "e5":
        from studio.knowledge.embeddings import E5Embedder

        embedder = E5Embedder(Settings(embedder="e5").embed_passage_chars)
    else:
        from studio.knowledge.embeddings import WordLlamaEmbedder

        embedder = WordLlamaEmbedder()
    settings = Settings(data_dir=folder / "data", lang="en", chroma_url=None, llm_base_url=None,
                        embeddings_base_url=None, sample_dir=ROOT / "knowledge")
    kb = KnowledgeBase(settings, embedder=embedder)
    kb.ingest_paths([SEEDS], tags=("seed",))
    kb.ingest_paths([ROOT / "knowledge"], tags=("sample",))
    return kb


def score_requests(kb, requests: list[dict]) -> tuple[list[dict], list[float]]:
    """Each request with its passages' relevance; and the time of each `assess` call (ms)."""
    assess(kb, "khởi động", kb.search("khởi động", k=K))  # start-up: term statistics, lexicon caches
    rows, times = [], []
    for r in requests:
        passages = kb.search(r["text"], k=K)
        t0 = time.perf_counter()
        rel = assess(kb, r["text"], passages, "vi")
        times.append((time.perf_counter() - t0) * 1000)
        rows.append({**r, "score": rel.score, "rel": rel})
    return rows, times


def rates(rows: list[dict], threshold: float) -> dict[str, tuple[int, int]]:
    """(hits, n): on-topic answered, off-topic refused."""
    on = [r for r in rows if r["on_topic"]]
    off = [r for r in rows if not r["on_topic"]]
    return {"on answered": (sum(r["score"] >= threshold for r in on), len(on)),
            "off refused": (sum(r["score"] < threshold for r in off), len(off))}


def fmt(hits_n: tuple[int, int]) -> str:
    hits, n = hits_n
    return f"{hits}/{n} = {hits / n:.0%}" if n else "–"


def report(kind: str, rows: list[dict], times: list[float], threshold: float, sweep: bool, show: bool,
           dev_only: bool = False) -> None:
    print(f"\n=== embedder: {kind}   threshold {threshold}   k={K}")
    for split in (("dev",) if dev_only else ("dev", "test")):
        part = [r for r in rows if r["split"] == split]
        new = rates(part, threshold)
        print(f"{split:5s} new:      on-topic answered {fmt(new['on answered']):14s} off-topic refused {fmt(new['off refused'])}")
        base_on = sum(r["on_topic"] for r in part)
        base_off = len(part) - base_on
        print(f"{split:5s} baseline: on-topic answered {fmt((base_on, base_on)):14s} off-topic refused {fmt((0, base_off))}")
        for lang in ("vi", "vi-nd", "en"):
            sub = rates([r for r in part if r["lang"] == lang], threshold)
            print(f"      {lang:6s} on answered {fmt(sub['on answered']):14s} off refused {fmt(sub['off refused'])}")
    print(f"assess(): median {statistics.median(times):.2f} ms, max {max(times):.2f} ms over {len(times)} calls")
    if sweep:
        dev = [r for r in rows if r["split"] == "dev"]
        print("dev sweep (threshold: on answered, off refused):")
        for t in [x / 100 for x in range(20, 81, 5)]:
            got = rates(dev, t)
            print(f"  {t:.2f}: {fmt(got['on answered']):14s} {fmt(got['off refused'])}")
    if show:
        for r in sorted((r for r in rows if r["split"] == "dev"), key=lambda r: (r["on_topic"], r["score"])):
            mark = "ok " if (r["score"] >= threshold) == r["on_topic"] else "ERR"
            rel = r["rel"]
            print(f"  {mark} {r['split']:4s} {'on ' if r['on_topic'] else 'off'} {r['score']:.3f} {r['text'][:70]!r}"
                  f" missing={rel.missing} uncovered={rel.uncovered}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", choices=("static", "e5", "both"), default="both")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--sweep", action="store_true", help="dev rates over thresholds (calibration)")
    parser.add_argument("--dev-only", action="store_true", help="leave the test split out (while calibrating)")
    parser.add_argument("--show", action="store_true", help="every dev request's score (test is not shown: it is never tuned on)")
    args = parser.parse_args()
    requests = load_requests()
    kinds = ("static", "e5") if args.embedder == "both" else (args.embedder,)
    for kind in kinds:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            kb = build_kb(kind, Path(tmp))
            print(f"\n[{kind}] knowledge base built in {time.perf_counter() - t0:.1f} s "
                  f"({kb.store.count()} passages)")
            rows, times = score_requests(kb, requests)
            report(kind, rows, times, args.threshold, args.sweep, args.show, args.dev_only)
            gold = next((r for r in rows if r["text"].startswith("Giá vàng SJC")), None)
            if gold is not None:
                print("example:", gold["text"], "→", suggestion(gold["rel"], "vi"))


if __name__ == "__main__":
    main()
