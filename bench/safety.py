"""Safety gate benchmark: engine start, throughput on Vietnamese text, quality per type.

Prints figures; never pass/fail. Run: `.venv/bin/python bench/safety.py`.
Throughput is reported for the full gate and, as the in-run baseline, for the PII detector alone.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio.safety.evaluate import evaluate_gate, load_items  # noqa: E402
from studio.safety.gate import SafetyGate  # noqa: E402

START = "import time; t=time.perf_counter(); from studio.safety.gate import SafetyGate; g=SafetyGate(); g.analyzer; " \
        "g.check('Số điện thoại 0983 123 421'); print(time.perf_counter()-t)"


def vietnamese_corpus() -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "knowledge" / "vi").glob("*.md"))]
    items = [i["text"] for i in load_items(ROOT / "tests" / "data" / "safety_eval.yaml") if i["lang"] == "vi"]
    return "\n\n".join(texts + items)


def main() -> None:
    starts = [float(subprocess.run([sys.executable, "-c", START], capture_output=True, text=True, cwd=ROOT).stdout)
              for _ in range(3)]
    print(f"## Engine start (fresh process, import + analyzer + first check): "
          f"{min(starts):.2f} s min, {max(starts):.2f} s max of 3")
    gate = SafetyGate()
    gate.analyzer
    corpus = vietnamese_corpus()
    paragraphs = [p for p in corpus.split("\n\n") if p.strip()]
    size_kb = len(corpus.encode("utf-8")) / 1024
    from studio.safety.engine import detect_pii

    for name, run in (("PII detector only (baseline)", lambda p: detect_pii(gate.analyzer, p, "vi")),
                      ("full gate (PII + risks + policy)", lambda p: gate.check(p, "vi"))):
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            for p in paragraphs:
                run(p)
            best = min(best, time.perf_counter() - t)
        print(f"- {name}: {size_kb:.0f} kB of Vietnamese in {len(paragraphs)} paragraphs, best of 3 {best:.2f} s "
              f"= {size_kb / best:.0f} kB/s")
    result = evaluate_gate(gate, load_items(ROOT / "tests" / "data" / "safety_eval.yaml"))
    print("\n## Quality on tests/data/safety_eval.yaml (warn or block counts as reported)")
    print(f"{'type':22s} {'precision':>9s} {'recall':>7s}   tp  fp  fn")
    for t, s in sorted(result.per_type.items()):
        print(f"{t:22s} {s.precision:9.3f} {s.recall:7.3f} {s.tp:4d} {s.fp:3d} {s.fn:3d}")
    blocking = [t for t, r in gate.policy.rules.items() if r.action == "block" and t in result.per_type]
    micro = result.micro(blocking)
    print(f"blocking types, micro: precision {micro.precision:.3f}, recall {micro.recall:.3f}; "
          f"hard negatives blocked: {len(result.negatives_blocked)} of {result.negatives}")


if __name__ == "__main__":
    main()
