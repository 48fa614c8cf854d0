"""Benchmark: drawing and saving each figure kind, the SVG it gives, and WeasyPrint drawing 18 of them.

Prints, all measured in this one run:
- per kind and language, on a report-sized frame (30 cities, the 15 x 4 heat map; the frames of
  tests/test_figure_layout.py): the first draw+save (cold: fonts loaded, caches filled on the
  way) and the median of --repeat more (goal <= 60 ms), the SVG's node count (elements) and size;
- per language, WeasyPrint's time to draw 18 of those SVGs into a PDF (an HTML page of 18
  ``<img src="data:image/svg+xml;base64,...">``, in the SET report's mix: 9 heat maps, 4
  rankings, 2 scatters, 2 bubbles, 1 distribution), the median of --repeat writes after one
  warm-up, and the node count of the 18.

Times are wall-clock and, in brackets, CPU time of this process: on a machine that others share,
the CPU time is the steadier of the two.

    python benchmarks/figure_drawing.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import base64
import io
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from weasyprint import HTML  # noqa: E402 - after the path is set

import figures  # noqa: E402
from figures.save import add_notice, new_figure, save_svg  # noqa: E402
from figures.style import Labels  # noqa: E402
from tests.test_figure_layout import KINDS, Case, case  # noqa: E402

SET_MIX = {"heatmap": 9, "ranking": 4, "scatter": 2, "bubble": 2, "distribution": 1}  # 18 figures


def draw_and_save(c: Case) -> bytes:
    """The case drawn as a build draws it (a new figure, the notice where it has one) and saved as SVG."""
    fig = new_figure(*figures.FIGSIZES[c.kind](c.frame, lang=c.lang))
    if c.notice:
        add_notice(fig, c.notice, lang=c.lang)
    figures.draw(c.kind, fig.add_subplot(), c.frame, labels=Labels(c.lang, c.text), **c.options)
    buffer = io.BytesIO()
    save_svg(fig, buffer, lang=c.lang)
    return buffer.getvalue()


def clocked(work, repeat: int) -> tuple[list[float], list[float], object]:
    """Wall and CPU seconds of `repeat` calls of `work`, and what the last returned."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        out = work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu, out


def timed(c: Case, repeat: int) -> tuple[float, float, float, bytes]:
    """Seconds of the first draw+save, the median of `repeat` more (wall, CPU), and the SVG."""
    wall, cpu, svg = clocked(lambda: draw_and_save(c), repeat + 1)
    return wall[0], statistics.median(wall[1:]), statistics.median(cpu[1:]), svg


def nodes(svg: bytes) -> int:
    return sum(1 for _ in ET.fromstring(svg).iter())


def page(svgs: list[bytes]) -> str:
    images = "\n".join(f'<p><img style="width: 16cm" src="data:image/svg+xml;base64,'
                       f'{base64.b64encode(svg).decode("ascii")}"></p>' for svg in svgs)
    return f"<!doctype html><html><body>{images}</body></html>"


def weasyprint_time(svgs: list[bytes], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of WeasyPrint writing a PDF of `svgs`."""
    html = page(svgs)
    HTML(string=html).write_pdf()  # warm-up: fonts found, caches filled
    wall, cpu, _ = clocked(lambda: HTML(string=html).write_pdf(), repeat)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    saved: dict[tuple[str, str], bytes] = {}
    print(f"{'kind':<13} {'lang':<4} {'first ms':>9} {'median ms (CPU)':>16} {'nodes':>6} {'bytes':>8}")
    for kind in KINDS:
        for lang in ("en", "zh"):
            first, median, cpu, svg = timed(case(kind, lang, stress=False), args.repeat)
            saved[kind, lang] = svg
            print(f"{kind:<13} {lang:<4} {first * 1000:>9.1f} {median * 1000:>8.1f} ({cpu * 1000:5.1f}) "
                  f"{nodes(svg):>6} {len(svg):>8}")
    print()
    for lang in ("en", "zh"):
        svgs = [saved[kind, lang] for kind, count in SET_MIX.items() for _ in range(count)]
        wall, cpu = weasyprint_time(svgs, args.repeat)
        print(f"WeasyPrint, 18 figures ({lang}): {wall * 1000:5.0f} ms ({cpu * 1000:4.0f} CPU)  "
              f"{sum(map(nodes, svgs))} nodes, {sum(map(len, svgs)) // 1024} KiB")


if __name__ == "__main__":
    main()
