"""Run one benchmark on two source trees, interleaved, and give the ratio (issue 14).

The machine is shared and noisy: a figure means something only beside its baseline
measured in the same run. ``--baseline`` is a checkout of the code before the change
(``git archive BASE | tar -x -C /tmp/base``); each round runs the benchmark once on
the baseline, once on this tree, in fresh processes, and reads the ``--json`` figure.

    python benchmarks/side_by_side.py --baseline /tmp/base --rounds 3 \\
        --key decisions_per_second -- benchmarks/bench_decisions.py --count 200000 --json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def _run(tree: Path, command: list[str], key: str) -> float:
    paths = [tree, tree / "plugins" / "sqlite", tree / "adapters" / "gar"]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, paths))}
    script = str(tree / command[0]) if (tree / command[0]).exists() else command[0]
    output = subprocess.run(
        [sys.executable, script, *command[1:]],
        env=environment, check=True, capture_output=True, text=True, cwd=tree,
    ).stdout  # fmt: skip
    last = [line for line in output.splitlines() if line.startswith("{")][-1]
    return float(json.loads(last)[key])


def main() -> int:
    """Interleave baseline and change; print each pair, the medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--key", required=True, help="the JSON figure to compare")
    parser.add_argument("command", nargs="+", help="the benchmark script and its arguments")
    args = parser.parse_args()
    pairs = []
    for round_number in range(1, args.rounds + 1):
        before = _run(args.baseline.resolve(), args.command, args.key)
        after = _run(HERE, args.command, args.key)
        pairs.append((before, after))
        print(f"round {round_number}: baseline {before:,.2f}  this tree {after:,.2f}  "
              f"ratio {after / before:.2f}")  # fmt: skip
    before = statistics.median(p[0] for p in pairs)
    after = statistics.median(p[1] for p in pairs)
    ratios = [a / b for b, a in pairs]
    print(json.dumps({"key": args.key, "baseline_median": before, "median": after,
                      "ratio_of_medians": round(after / before, 3),
                      "ratios": [round(r, 3) for r in ratios]}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
