"""Retrieval benchmark: quality of each part of the hybrid, ingest speed, query latency at 1k/10k chunks.

Prints figures; never pass/fail. Run: `.venv/bin/python bench/retrieval.py [--quick]`.
Ratios are against baselines measured in the same run (vector-only search; plain ingest).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio.config import Settings  # noqa: E402
from studio.knowledge.base import KnowledgeBase  # noqa: E402
from studio.knowledge.evaluate import evaluate, load_questions  # noqa: E402
from studio.knowledge.retrieve import SearchOptions  # noqa: E402

SEEDS = Path(__import__("os").environ.get("STUDIO_SEEDS_DIR") or ROOT.parent / "shared" / "seeds")
QUESTIONS = ROOT / "tests" / "data" / "retrieval_questions.yaml"

ABLATIONS = {
    "vector only (WordLlama)": dict(lexical=False, bridge=False, lexicon=False),
    "words only (BM25)": dict(vector=False, bridge=False, lexicon=False),
    "hybrid: words + vector": dict(bridge=False, lexicon=False),
    "  + canonical tokens": dict(lexicon=False),
    "  + lexicon concepts": dict(bridge=False),
    "  + both (default)": dict(),
}


def quality(workdir: Path) -> None:
    kb = KnowledgeBase(Settings(data_dir=workdir / "quality"))
    kb.ingest_paths([SEEDS])
    langs = {d.source: d.lang for d in kb.list_documents()}
    questions = load_questions(QUESTIONS, langs)
    print(f"\n## Quality: recall@5 on {len(questions)} labelled questions "
          f"({sum(q.cross_language for q in questions)} cross-language), {kb.store.count()} chunks")
    print(f"{'configuration':28s} {'all':>6s} {'cross':>6s} {'same':>6s}   vi     en     de     no")
    for name, switches in ABLATIONS.items():
        report = evaluate(questions, lambda q, k, s=switches: kb.search_with(
            q, SearchOptions(k=k, weight_words=kb.settings.search_weight_words,
                             weight_vector=kb.settings.search_weight_vector, **s)), k=5)
        r = report.summary()
        print(f"{name:28s} {r['all']:6.3f} {r['cross']:6.3f} {r['same']:6.3f} "
              + " ".join(f"{r.get(lang, float('nan')):6.3f}" for lang in ("vi", "en", "de", "no")))
    report = evaluate(questions, lambda q, k: kb.search(q, k=k), k=5)
    for q in report.misses():
        print(f"   miss {q.id} [{q.lang}→{','.join(sorted(set(q.doc_langs)))}] {q.q}")


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


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def speed(workdir: Path, sizes: list[int]) -> None:
    questions = [q.q for q in load_questions(QUESTIONS)]
    print("\n## Speed (embedded defaults: WordLlama + embedded Chroma, this machine)")
    for size in sizes:
        rng = random.Random(size)
        folder = workdir / f"corpus-{size}"
        synthetic_corpus(size, folder, rng)
        kb = KnowledgeBase(Settings(data_dir=workdir / f"store-{size}"))
        t0 = time.perf_counter()
        results = kb.ingest_paths([folder])
        ingest_s = time.perf_counter() - t0
        chunks = sum(r.chunks for r in results)
        t0 = time.perf_counter()
        kb.retriever.warm()
        index_s = time.perf_counter() - t0
        for q in questions[:5]:  # warm caches
            kb.search(q)
        hybrid, vector = [], []
        for q in questions * 2:
            t0 = time.perf_counter()
            kb.search(q, k=5)
            hybrid.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            kb.search_with(q, SearchOptions(k=5, lexical=False))
            vector.append((time.perf_counter() - t0) * 1000)
        print(f"- {chunks} chunks in {len(results)} documents: ingest {ingest_s:.1f} s = {chunks / ingest_s:.0f} chunks/s, "
              f"{len(results) / ingest_s:.1f} docs/s; lexical index build {index_s:.2f} s")
        print(f"  query latency hybrid p50 {statistics.median(hybrid):.1f} ms, p95 {percentile(hybrid, 95):.1f} ms "
              f"({len(hybrid)} queries); vector-only baseline p50 {statistics.median(vector):.1f} ms, "
              f"p95 {percentile(vector, 95):.1f} ms; hybrid/vector p95 = {percentile(hybrid, 95) / percentile(vector, 95):.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1k chunks only")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if not args.skip_quality:
            quality(workdir)
        speed(workdir, [1000] if args.quick else [1000, 10000])


if __name__ == "__main__":
    main()
