"""Retrieval benchmark: quality of each channel on two real corpora, citations, ingest speed, and
query latency at 10k (and 100k) passages. Prints figures; never pass/fail.

Run: `.venv/bin/python bench/retrieval.py [--quick] [--sizes 10000,100000] [--tradeoff]`.

- Quality: the legal corpus (tests/data/legal: 15 public Vietnamese laws, decrees, the union
  charter and Party/Government documents; 207 questions split dev/test by document) and the seed
  articles (tests/data/retrieval_questions.yaml). recall@5 and MRR@10 per split and question group,
  with each channel switched off in turn, against the static embedder of earlier releases.
- Citations: the share of passages of laws and the charter that cite their Điều.
- Speed: ingest of ~300 KB of law text with every channel (text, then e5 vectors), passages/s;
  `--tradeoff` re-embeds the dev documents with other passage lengths (quality against speed).
- Latency: a synthetic corpus of real sentences (seeds + sample knowledge base, numbers varied) at
  each size; vectors are made from real e5 vectors of the legal corpus mixed with noise (embedding
  100k passages with e5 would take hours on 2 cores) while every query is embedded by e5 for real.
  Ratios are against a word-only search measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio.config import Settings  # noqa: E402
from studio.knowledge.base import KnowledgeBase  # noqa: E402
from studio.knowledge.evaluate import evaluate, load_questions  # noqa: E402

SEEDS = Path(os.environ.get("STUDIO_SEEDS_DIR") or ROOT.parent / "shared" / "seeds")
LEGAL = ROOT / "tests" / "data" / "legal"
SEED_QUESTIONS = ROOT / "tests" / "data" / "retrieval_questions.yaml"
LAWS = ("luat-", "bo-luat-", "dieu-le-")  # laws and the union charter: every passage belongs to a Điều
DECREES = ("nghi-dinh-", "thong-tu-", "nghi-quyet-17-")  # organised in Điều too, with annexes outside them
SPEED_SET = ("luat-cong-doan-2024-50-2024-QH15.txt", "bo-luat-lao-dong-2019-45-2019-QH14.txt",
             "nghi-dinh-38-2022-ND-CP-luong-toi-thieu.txt", "luat-an-toan-ve-sinh-lao-dong-84-2015-QH13-trich.txt")

ABLATIONS = {
    "vector only": dict(lexical=False, bridge=False, lexicon=False),
    "words only (BM25)": dict(vector=False, bridge=False, lexicon=False),
    "lexical: words+concepts+numbers": dict(vector=False),
    "hybrid − concepts": dict(lexicon=False),
    "hybrid − numbers/ids": dict(bridge=False),
    "hybrid − diacritic restoring": dict(restore_diacritics=False),
    "default (hybrid)": dict(),
}


def legal_files() -> list[Path]:
    return sorted(p for p in LEGAL.iterdir() if p.suffix in {".md", ".txt"} and p.name != "SOURCES.md")


def _kb(workdir: Path, name: str, embedder: str, **extra) -> KnowledgeBase:
    return KnowledgeBase(Settings(data_dir=workdir / name, embedder=embedder, lang="en", **extra))


def _timed_ingest(kb: KnowledgeBase, paths: list[Path]) -> tuple[float, float]:
    t0 = time.perf_counter()
    kb.ingest_paths(paths, vectors="later")
    text_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    kb.embed_pending()
    return text_s, time.perf_counter() - t0


def _row(name: str, report, splits: list[str]) -> str:
    cells = []
    for split in splits:
        pick = (lambda q: True) if split == "all" else (lambda q, s=split: q.split == s)
        cells.append(f"{report.recall(pick):.3f} / {report.mrr(pick):.3f}")
    return f"| {name} | " + " | ".join(cells) + " |"


def quality(workdir: Path) -> None:
    print("\n## Quality (recall@5 / MRR@10)")
    corpora = [("legal", legal_files(), LEGAL / "questions.yaml", ["dev", "test"]),
               ("seed articles", [SEEDS], SEED_QUESTIONS, ["all"])]
    for label, paths, qfile, splits in corpora:
        e5 = _kb(workdir, f"{label}-e5", "e5")
        text_s, vec_s = _timed_ingest(e5, paths)
        static = _kb(workdir, f"{label}-static", "static")
        static.ingest_paths(paths)
        n = e5.store.count()
        print(f"\n### {label}: {len(e5.list_documents())} documents, {n} passages "
              f"(ingest: text {text_s:.1f} s, e5 vectors {vec_s:.1f} s = {n / vec_s:.1f} passages/s)")
        langs = {d.source: d.lang for d in e5.list_documents()}
        questions = load_questions(qfile, langs)
        print(f"{len(questions)} questions; " + ", ".join(f"{s}: {sum(q.split == s for q in questions)}"
                                                          for s in splits if s != "all"))
        print("\n| configuration | " + " | ".join(splits) + " |\n|---|" + "---|" * len(splits))
        runs = {name: (e5, switches) for name, switches in ABLATIONS.items()}
        runs["vector only, static model (before)"] = (static, ABLATIONS["vector only"])
        runs["hybrid with the static model (before)"] = (static, {})
        reports = {}
        for name, (kb, switches) in runs.items():
            reports[name] = evaluate(questions, lambda q, k, kb=kb, s=switches: kb.search_with(q, kb.search_options(k=k, **s)))
            print(_row(name, reports[name], splits))
        default = reports["default (hybrid)"]
        print("\nper question group (default):")
        for split in splits:
            sub = [q for q in questions if split == "all" or q.split == split]
            groups = sorted({q.group or q.lang for q in sub})
            parts = []
            for g in groups:
                pick = lambda q, g=g, s=split: (s == "all" or q.split == s) and (q.group or q.lang) == g  # noqa: E731
                parts.append(f"{g} {default.recall(pick):.2f}/{default.mrr(pick):.2f} (n={sum(map(pick, questions))})")
            print(f"- {split}: " + ", ".join(parts))
        if label == "legal":
            citations(e5)


def citations(kb: KnowledgeBase) -> None:
    chunks = kb.store.all_chunks()

    def share(prefixes, test) -> str:
        picked = [c for c in chunks if c.meta.get("source", "").startswith(prefixes)]
        hits = sum(1 for c in picked if test(c.meta.get("section") or ""))
        return f"{hits}/{len(picked)} ({hits / max(1, len(picked)):.1%})"

    others = tuple({c.meta["source"] for c in chunks if not c.meta["source"].startswith(LAWS + DECREES)})
    print(f"\ncitations: passages citing their Điều — laws and the charter {share(LAWS, lambda s: 'Điều' in s)}, "
          f"decrees, circulars and resolutions in Điều {share(DECREES, lambda s: 'Điều' in s)} (annexes are outside "
          f"any Điều); Party/Government documents with a section {share(others, bool)}")
    sample = next((c for c in chunks if c.meta.get("source", "").startswith(LAWS) and "khoản" in c.meta.get("section", "")), None)
    if sample:
        print(f"e.g. {sample.meta['source']}: “{sample.meta['section']}”")


def ingest_speed(workdir: Path, tradeoff: bool) -> None:
    files = [LEGAL / name for name in SPEED_SET]
    size_kb = sum(p.stat().st_size for p in files) / 1024
    kb = _kb(workdir, "speed", "e5")
    t0 = time.perf_counter()
    text_s, vec_s = _timed_ingest(kb, files)
    wall = time.perf_counter() - t0
    n = kb.store.count()
    print(f"\n## Ingest speed: {len(files)} laws, {size_kb:.0f} KB, {n} passages")
    print(f"- every channel: {wall:.1f} s wall (text and word index {text_s:.1f} s, searchable from then; "
          f"e5 vectors {vec_s:.1f} s = {n / vec_s:.1f} passages/s)")
    static = _kb(workdir, "speed-static", "static")
    s_text, s_vec = _timed_ingest(static, files)
    print(f"- static embedder baseline (same run): {s_text + s_vec:.1f} s; e5 costs {wall / (s_text + s_vec):.1f}×")
    if tradeoff:
        dev = [p for p in legal_files() if p.name in _dev_documents()]
        questions = [q for q in load_questions(LEGAL / "questions.yaml") if q.split == "dev"]
        print("\n| e5 reads of each passage body | dev recall@5 / MRR@10 | passages/s |\n|---|---|---|")
        for chars in (0, 500, 350):
            kb = _kb(workdir, f"tradeoff-{chars}", "e5", embed_passage_chars=chars)
            _, vec_s = _timed_ingest(kb, dev)
            report = evaluate(questions, lambda q, k, kb=kb: kb.search(q, k=k))
            print(f"| {chars or 'all'} chars | {report.recall():.3f} / {report.mrr():.3f} | {kb.store.count() / vec_s:.1f} |")


def _dev_documents() -> set[str]:
    return {d for q in load_questions(LEGAL / "questions.yaml") if q.split == "dev" for d in q.docs}


# --- latency ----------------------------------------------------------------------------------

def _sentences(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 40]
    return out


def synthetic_corpus(target_chunks: int, folder: Path, rng: random.Random) -> None:
    """Documents recombined from real sentences (seeds + sample knowledge base), numbers varied."""
    texts = [p.read_text(encoding="utf-8") for p in list(SEEDS.glob("*.txt")) + list((ROOT / "knowledge").rglob("*.md"))]
    sentences = _sentences(texts)
    folder.mkdir(parents=True, exist_ok=True)
    n_docs = max(1, target_chunks // 18)  # ~18 chunks per generated document at the default size
    for d in range(n_docs):
        sections = []
        for s in range(5):
            body = " ".join(rng.choice(sentences) for _ in range(12))
            body = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 9)), body)
            sections.append(f"## Section {s + 1}\n\n{body}")
        (folder / f"doc-{d:05d}.md").write_text(f"# Document {d}\n\n" + "\n\n".join(sections), encoding="utf-8")


def _fill_vectors(kb: KnowledgeBase, real: np.ndarray, rng: np.random.Generator) -> None:
    """Vectors for every passage: two real e5 vectors mixed with noise, normalised."""
    for start in range(0, kb.store.count(), 2000):
        got = kb.store.chunks.get(include=["metadatas"], limit=2000, offset=start)
        n = len(got["ids"])
        mix = real[rng.integers(0, len(real), n)] + 0.5 * real[rng.integers(0, len(real), n)]
        mix += rng.normal(0, 0.02, mix.shape)
        mix /= np.linalg.norm(mix, axis=1, keepdims=True)
        kb.store.add_vectors(got["ids"], mix.astype(np.float32), got["metadatas"])


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def latency(workdir: Path, sizes: list[int]) -> None:
    questions = [q.q for q in load_questions(LEGAL / "questions.yaml")][:60]
    source = _kb(workdir, "vectors-source", "e5")
    source.ingest_paths([LEGAL / SPEED_SET[0]])
    real = np.asarray(source.store.vectors.get(include=["embeddings"])["embeddings"], dtype=np.float32)
    print(f"\n## Query latency (e5 query embedding included; {len(questions)} real questions × 2)")
    for size in sizes:
        rng = random.Random(size)
        folder = workdir / f"corpus-{size}"
        synthetic_corpus(size, folder, rng)
        kb = _kb(workdir, f"store-{size}", "e5")
        t0 = time.perf_counter()
        kb.ingest_paths([folder], vectors="later")
        text_s = time.perf_counter() - t0
        _fill_vectors(kb, real, np.random.default_rng(size))
        t0 = time.perf_counter()
        kb.retriever.warm()
        index_s = time.perf_counter() - t0
        for q in questions[:5]:
            kb.search(q)
        hybrid, words = [], []
        for q in questions * 2:
            t0 = time.perf_counter()
            kb.search(q, k=5)
            hybrid.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            kb.search_with(q, kb.search_options(k=5, vector=False))
            words.append((time.perf_counter() - t0) * 1000)
        n = kb.store.count()
        print(f"- {n} passages: text ingest {text_s:.0f} s ({n / text_s:.0f} passages/s), index build {index_s:.1f} s")
        print(f"  hybrid p50 {statistics.median(hybrid):.1f} ms, p95 {percentile(hybrid, 95):.1f} ms; lexical-only "
              f"p95 {percentile(words, 95):.1f} ms (hybrid/lexical p95 = {percentile(hybrid, 95) / percentile(words, 95):.1f}×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="latency at 1k passages only")
    parser.add_argument("--sizes", default="10000", help="comma-separated passage counts for latency (e.g. 10000,100000)")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--tradeoff", action="store_true", help="also re-embed the dev documents at other passage lengths")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if not args.skip_quality:
            quality(workdir)
        ingest_speed(workdir, args.tradeoff)
        latency(workdir, [1000] if args.quick else [int(s) for s in args.sizes.split(",")])


if __name__ == "__main__":
    main()
