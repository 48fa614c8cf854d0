"""Benchmark: a cold build of the default edition, both languages and formats.

Prints, all measured in this one run:
- the build's wall time (in this process, its libraries imported before), and where the seconds went (per
  stage, summed over the language workers);
- build time / the text-only floor: WeasyPrint alone laying out and writing the slower language's
  print HTML with its figures removed (goal <= 2.0);
- build time / the time WeasyPrint alone takes to render the finished print HTML (goal <= 1.5);
  "alone" is WeasyPrint as it comes, in a process of its own that has imported nothing else (its import
  not timed), so neither the build's heap nor its collector settings weigh on it;
- the cold build again with the interpreter's own garbage-collector thresholds (what COLLECT_EVERY saves);
- the figures by kind: each drawn again after the build, in this process (so warm), milliseconds per figure;
- Chinese PDF write time / English PDF write time inside the build (goal <= 1.5);
- a build with nothing changed since the last one / the cold build (goal < 0.25), and whether its
  outputs have the same bytes;
- a first build on a fresh machine / a cold build on a machine that has built before (goal <= 1.3), both as
  `cityindex build` commands: the first with empty user caches (fontconfig's and matplotlib's, through an empty
  HOME and XDG_CACHE_HOME), the second with this machine's.

    python benchmarks/build.py [EDITION]
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import builder.publish.products  # noqa: F401 - the render machinery (WeasyPrint, matplotlib) imported untimed
from builder.app import BuildOptions, audited, build
from builder.edition import edition_folder, load_edition
from builder.engine import compute
from builder.render import workers
from builder.render.svg import render_svg
from builder.report import ReportData, compose_all, load_strings

ROOT = Path(__file__).resolve().parent.parent


FIGURE = re.compile(r"<figure\b.*?</figure>", re.S)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


ALONE = """
import sys, time
from weasyprint import HTML
html = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
HTML(string=html, base_url=sys.argv[2]).write_pdf()
print(time.perf_counter() - start)
"""


def weasyprint_alone(html: str, base: Path) -> float:
    """Seconds WeasyPrint takes to lay out and write `html`, in a fresh process (its import not counted)."""
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8") as page:
        page.write(html)
        page.flush()
        found = subprocess.run([sys.executable, "-c", ALONE, page.name, str(base) + "/"], check=True,
                               capture_output=True, text=True).stdout
    return float(found)


def command_build(edition: str, caches: Path | None) -> float:
    """Seconds of one `cityindex build` into an empty output folder; `caches`: an empty home for user caches."""
    env = dict(os.environ)
    if caches is not None:
        env |= {"HOME": str(caches), "XDG_CACHE_HOME": str(caches / ".cache"), "MPLCONFIGDIR": str(caches / "mpl")}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "builder", "build", edition, "--data-dir", str(ROOT / "data"),
                        "--content-dir", str(ROOT / "content"), "--output-dir", str(Path(tmp) / "output")],
                       check=True, capture_output=True, env=env, cwd=ROOT)
        return time.perf_counter() - start


def figure_kinds(edition_id: str) -> dict[str, list[float]]:
    """Milliseconds each figure of the edition takes to draw, by kind, every language (drawn once before, warm)."""
    edition = load_edition(edition_folder(edition_id, ROOT / "data"))
    strings = load_strings(ROOT / "templates" / "strings", edition.languages, ROOT / "content" / edition.id)
    results = compute(edition)
    reports = compose_all(ReportData(edition, results, audited(edition, results)), strings,
                          ROOT / "content" / edition.id)
    kinds: dict[str, list[float]] = {}
    with workers.rare_collections():
        for report in reports:
            charts = [report.charts[placed.key] for placed in report.placements.figures]
            for chart in charts:
                render_svg(chart, report.lang)
            for chart in charts:
                start = time.perf_counter()
                render_svg(chart, report.lang)
                kinds.setdefault(chart.kind, []).append(1000 * (time.perf_counter() - start))
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edition", nargs="?", default="set-2024")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        options = BuildOptions(data_dir=ROOT / "data", content_dir=ROOT / "content", output_dir=out)
        start = time.perf_counter()
        summary = build(args.edition, options)  # cold: no font cache, no previous output
        build_s = time.perf_counter() - start
        first = tree(out / args.edition)
        start = time.perf_counter()
        build(args.edition, options)  # nothing changed since
        again_s = time.perf_counter() - start
        same = tree(out / args.edition) == first
        alone = {lang: weasyprint_alone(html, out / args.edition / lang) for lang, html in summary.printed.items()}
        floor = {lang: weasyprint_alone(FIGURE.sub("", html), out / args.edition / lang)
                 for lang, html in summary.printed.items()}
    with tempfile.TemporaryDirectory() as tmp:  # cold again, collecting garbage as the interpreter would
        options = BuildOptions(data_dir=ROOT / "data", content_dir=ROOT / "content", output_dir=Path(tmp) / "output")
        tuned, workers.COLLECT_EVERY = workers.COLLECT_EVERY, gc.get_threshold()
        start = time.perf_counter()
        build(args.edition, options)
        default_gc_s = time.perf_counter() - start
        workers.COLLECT_EVERY = tuned
    kinds = figure_kinds(args.edition)
    warm = command_build(args.edition, None)
    with tempfile.TemporaryDirectory() as home:
        fresh = command_build(args.edition, Path(home))
    slower = max(floor, key=floor.get)
    pdf_en, pdf_zh = summary.seconds.get("pdf en"), summary.seconds.get("pdf zh")

    def verdict(value: float, goal: float) -> str:
        return f"{value:7.2f}   goal <= {goal}: {'met' if value <= goal else 'MISSED'}"

    print(f"edition {args.edition}: pages {summary.pages}, {summary.figures} figures, {summary.tables} tables")
    print(f"cold build                          : {build_s:7.2f} s")
    print(f"cold build, default GC thresholds   : {default_gc_s:7.2f} s  (COLLECT_EVERY {workers.COLLECT_EVERY} "
          f"instead of {gc.get_threshold()})")
    print("stages (summed over workers)        : " + ", ".join(f"{k} {v:.2f}" for k, v in summary.seconds.items()))
    print("figures by kind (ms each, warm)     : " + ", ".join(
        f"{kind} {statistics.median(ms):.0f} (x{len(ms)})" for kind, ms in sorted(kinds.items())))
    print(f"text-only floor ({slower}, no figures)   : {floor[slower]:7.2f} s  (WeasyPrint alone; other: "
          + ", ".join(f"{k} {v:.2f} s" for k, v in floor.items() if k != slower) + ")")
    print("WeasyPrint alone, finished HTML     : " + ", ".join(f"{k} {v:.2f} s" for k, v in alone.items()))
    print(f"ratio build / text-only floor       : {verdict(build_s / floor[slower], 2.0)}")
    print(f"ratio build / WeasyPrint alone      : {verdict(build_s / max(alone.values()), 1.5)}")
    if pdf_en and pdf_zh:
        print(f"ratio zh PDF write / en PDF write   : {verdict(pdf_zh / pdf_en, 1.5)}")
    print(f"unchanged rebuild / cold build      : {verdict(again_s / build_s, 0.25)}  same bytes: {same}")
    print(f"first build, fresh machine / cold   : {verdict(fresh / warm, 1.3)}  ({fresh:.2f} s / {warm:.2f} s, "
          "as commands)")


if __name__ == "__main__":
    main()
