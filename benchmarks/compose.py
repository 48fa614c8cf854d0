"""Benchmark: composing one language's report (chapters, chart data, tables), and how it grows with cities.

Prints, all measured in this one run: compose of set-2024 per language, cold (templates compiled on
the way) and warm (as preview recomposes); and compose of the synthetic wide edition at 30, 120 and
480 cities (illustrative data from tests/synth.py), with the ratio per 4 x cities (linear: about 4).
Goal: set-2024 under 0.2 s per language; growth about linear.

    python benchmarks/compose.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.app import audited  # noqa: E402 - after the path is set
from builder.edition import load_edition  # noqa: E402
from builder.engine import compute  # noqa: E402
from builder.render.html import TEMPLATES  # noqa: E402
from builder.report import ReportData, compose, load_strings  # noqa: E402
from tests.synth import write_wide_edition  # noqa: E402


def timed(data_dir: Path, content_dir: Path, name: str, lang: str) -> tuple[float, float]:
    edition = load_edition(data_dir / name)
    results = compute(edition)
    data = ReportData(edition, results, audited(edition, results))
    strings = load_strings(TEMPLATES / "strings", edition.languages, content_dir / name)
    start = time.perf_counter()
    compose(data, lang, strings[lang], content_dir / name / lang)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    compose(data, lang, strings[lang], content_dir / name / lang)
    return cold, time.perf_counter() - start


def main() -> None:
    for lang in ("en", "zh"):
        cold, warm = timed(ROOT / "data", ROOT / "content", "set-2024", lang)
        verdict = "met" if max(cold, warm) < 0.2 else "MISSED"
        print(f"set-2024 compose {lang}: cold {cold:.3f} s, warm {warm:.3f} s   goal < 0.2: {verdict}")
    sizes, warm = [30, 120, 480], []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            write_wide_edition(Path(tmp), cities=n)
            warm.append(timed(Path(tmp) / "data", Path(tmp) / "content", "wide", "en")[1])
        print(f"wide edition, {n:4d} cities: compose {warm[-1]:.3f} s")
    for i in range(1, len(sizes)):
        a, ta, b, tb = sizes[i - 1], warm[i - 1], sizes[i], warm[i]
        print(f"ratio {b} / {a} cities: {tb / ta:.2f}  (x{b // a} cities; linear: about {b // a})")


if __name__ == "__main__":
    main()
