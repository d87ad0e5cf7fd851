"""Safety gate benchmark: start-up, throughput on real Vietnamese, and quality on three labelled sets.

Prints figures; never pass/fail. Run: `.venv/bin/python bench/safety.py [--quick]`.

- Start-up: a fresh process imports the gate, builds the analyzer and checks one sentence (3 runs).
- Throughput: the whole gate (normalisation, every recognizer, confidentiality, sensitive records,
  injection, policy) over real Vietnamese laws and decrees (tests/data/legal) and the sample knowledge
  base, paragraph by paragraph; in one process and in two (the machine's two cores). The in-run baseline
  is Presidio's own predefined pattern recognizers (e-mail, phone, credit card, IBAN, IP, URL …) on
  the same paragraphs in the same process.
- Quality: tests/data/safety_eval.yaml (the first set, written beside the recognizers) and
  tests/data/safety_office (office texts with evasions + real official/news negatives, split dev/test
  before tuning; the recognizers were tuned on dev only): recall and precision per type, recall per
  evasion, official negatives blocked, verdict agreement with "should block".
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio.safety.evaluate import evaluate_gate, evaluate_split, load_items, load_split  # noqa: E402
from studio.safety.gate import SafetyGate  # noqa: E402

OFFICE = ROOT / "tests" / "data" / "safety_office"
START = ("import time; t=time.perf_counter(); from studio.safety.gate import SafetyGate; g=SafetyGate(); g.analyzer; "
         "g.check('Số điện thoại 0983 123 421'); print(time.perf_counter()-t)")


def paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "legal").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "knowledge" / "vi").glob("*.md"))]
    return [p for t in texts for p in t.split("\n\n") if p.strip()]


_GATE = None


def _start_worker() -> None:
    global _GATE
    _GATE = SafetyGate()
    _GATE.check("khởi động")


def _check_all(chunk: list[str]) -> int:
    for p in chunk:
        _GATE.check(p, "vi")
    return len(chunk)


def stock_presidio():
    """Presidio's predefined pattern recognizers as shipped (phone, credit card, IBAN, IP, crypto, dates, US/UK/…
    identifiers), on a blank English pipeline. Built class by class: the registry's loader finds classes by name,
    and ours share some names (EmailRecognizer, CreditCardRecognizer)."""
    import inspect

    from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer import predefined_recognizers as predefined

    from studio.safety.engine import offline_nlp_engine

    engine = offline_nlp_engine(models=[{"lang_code": "en", "model_name": "blank:en"}])
    engine.load()
    skip = {"EmailRecognizer", "UrlRecognizer"}  # they call tldextract, which fetches the public suffix list online
    recognizers = []
    for name, cls in inspect.getmembers(predefined, inspect.isclass):
        if name in skip or not issubclass(cls, PatternRecognizer) or cls is PatternRecognizer:
            continue
        try:
            recognizer = cls()
        except TypeError:
            continue  # needs arguments (a custom-pattern base class)
        if recognizer.supported_language == "en":
            recognizers.append(recognizer)
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=["en"])
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])


def timed(run, items) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for item in items:
        run(item)
    return time.perf_counter() - wall, time.process_time() - cpu


def throughput(quick: bool) -> None:
    paras = paragraphs()
    if quick:
        paras = paras[: len(paras) // 4]
    kb = sum(len(p.encode("utf-8")) for p in paras) / 1024
    gate = SafetyGate()
    gate.check("khởi động")
    stock = stock_presidio()
    stock.analyze("warm up", language="en")
    print(f"\n## Throughput: {kb:.0f} kB of real Vietnamese (laws, decrees, sample knowledge), {len(paras)} paragraphs")
    best = {}
    print(f"- baseline: {len(stock.registry.recognizers)} of Presidio's predefined pattern recognizers")
    for name, run in (("stock Presidio pattern recognizers (baseline)", lambda p: stock.analyze(p, language="en")),
                      ("studio gate, whole (1 process)", lambda p: gate.check(p, "vi"))):
        wall, cpu = min(timed(run, paras) for _ in range(2 if quick else 3))
        best[name] = wall
        print(f"- {name}: {wall:.2f} s = {kb / wall:.0f} kB/s ({kb / cpu:.0f} kB per CPU-second)")
    halves = [paras[i::2] for i in range(2)]
    with ProcessPoolExecutor(2, initializer=_start_worker) as pool:
        list(pool.map(time.sleep, [0.5, 0.5]))  # both workers started and their gates built
        wall = time.perf_counter()
        list(pool.map(_check_all, halves))
        wall = time.perf_counter() - wall
    print(f"- studio gate, whole (2 processes on 2 cores): {wall:.2f} s = {kb / wall:.0f} kB/s")
    base, ours = best["stock Presidio pattern recognizers (baseline)"], best["studio gate, whole (1 process)"]
    print(f"- ratio studio gate / stock Presidio throughput (1 process): {base / ours:.2f}")


def quality_first_set(gate) -> None:
    result = evaluate_gate(gate, load_items(ROOT / "tests" / "data" / "safety_eval.yaml"))
    blocking = [t for t, r in gate.policy.rules.items() if r.action == "block" and t in result.per_type]
    micro = result.micro(blocking)
    print("\n## First set (tests/data/safety_eval.yaml, written beside the recognizers; a regression check)")
    print(f"blocking types, micro: precision {micro.precision:.3f}, recall {micro.recall:.3f}; "
          f"hard negatives blocked: {len(result.negatives_blocked)} of {result.negatives}")


def quality_office(gate) -> None:
    print("\n## Office and official set (tests/data/safety_office; tuned on dev only)")
    for split in ("dev", "test"):
        items = load_split(OFFICE, split)
        report = evaluate_split(gate, items)
        result = report.result
        everything = result.micro(list(result.per_type))
        blocking = result.micro([t for t, r in gate.policy.rules.items() if r.action == "block"])
        print(f"\n### {split}: {report.items} texts")
        print(f"- expected spans found (warn or block): recall {everything.recall:.3f}, precision "
              f"{everything.precision:.3f}; blocking types: recall {blocking.recall:.3f}, precision "
              f"{blocking.precision:.3f}")
        print(f"- official/news negatives blocked: {len(report.official_blocked)} of {report.official} "
              f"{report.official_blocked}")
        print(f"- verdict = block exactly when the text should block: {report.verdict_agree}/{report.items} "
              f"= {report.verdict_rate:.3f}")
        print(f"{'type':22s} {'precision':>9s} {'recall':>7s}   tp  fp  fn")
        for t, s in sorted(result.per_type.items()):
            print(f"{t:22s} {s.precision:9.3f} {s.recall:7.3f} {s.tp:4d} {s.fp:3d} {s.fn:3d}")
        by_evasion = defaultdict(lambda: [0, 0])
        for item in items:
            if not item.get("expect"):
                continue
            single = evaluate_gate(gate, [item])
            one = single.micro(list(single.per_type))
            for evasion in item.get("evasion") or ["none"]:
                by_evasion[evasion][0] += one.tp
                by_evasion[evasion][1] += one.tp + one.fn
        print("recall by evasion: " + ", ".join(f"{e} {tp / n:.2f} ({n})" for e, (tp, n) in sorted(by_evasion.items())
                                                 if n))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a quarter of the throughput corpus, 2 repeats")
    args = parser.parse_args()
    starts = [float(subprocess.run([sys.executable, "-c", START], capture_output=True, text=True, cwd=ROOT).stdout)
              for _ in range(3)]
    print(f"## Start-up (fresh process: import, analyzer, first check): {min(starts):.2f} s min, "
          f"{max(starts):.2f} s max of 3")
    throughput(args.quick)
    gate = SafetyGate()
    quality_first_set(gate)
    quality_office(gate)


if __name__ == "__main__":
    main()
