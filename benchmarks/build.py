"""Benchmark: a cold build of the default edition, both languages and formats.

Prints, all measured in this one run:
- the build's wall time;
- build time / the time WeasyPrint alone takes to render the slower language's finished
  print HTML to PDF (goal <= 1.5);
- Chinese PDF write time / English PDF write time inside the build (goal <= 1.5).

    python benchmarks/build.py [EDITION]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from weasyprint import HTML

from builder.app import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edition", nargs="?", default="set-2024")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        shutil.rmtree(out, ignore_errors=True)  # cold: no font cache, no previous output
        start = time.perf_counter()
        summary = build(args.edition, BuildOptions(data_dir=ROOT / "data", content_dir=ROOT / "content",
                                                   output_dir=out))
        build_s = time.perf_counter() - start
        alone = {}
        for lang, html in summary.printed.items():
            t0 = time.perf_counter()
            HTML(string=html, base_url=str(out / args.edition / lang) + "/").write_pdf()
            alone[lang] = time.perf_counter() - t0
    slower = max(alone, key=alone.get)
    pdf_en, pdf_zh = summary.seconds.get("pdf en"), summary.seconds.get("pdf zh")
    print(f"edition {args.edition}: pages {summary.pages}, {summary.figures} figures, {summary.tables} tables")
    print(f"cold build                          : {build_s:7.2f} s")
    print("stages (summed over workers)        : " + ", ".join(f"{k} {v:.2f}" for k, v in summary.seconds.items()))
    print(f"WeasyPrint alone, {slower} HTML -> PDF   : {alone[slower]:7.2f} s  (other: "
          + ", ".join(f"{k} {v:.2f} s" for k, v in alone.items() if k != slower) + ")")
    ratio = build_s / alone[slower]
    print(f"ratio build / WeasyPrint alone      : {ratio:7.2f}   goal <= 1.5: {'met' if ratio <= 1.5 else 'MISSED'}")
    if pdf_en and pdf_zh:
        r2 = pdf_zh / pdf_en
        print(f"ratio zh PDF write / en PDF write   : {r2:7.2f}   goal <= 1.5: {'met' if r2 <= 1.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
