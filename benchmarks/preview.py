"""Preview latency: seconds from saving a file to the reloaded page showing the edit, in headless chromium.

    .venv/bin/python benchmarks/preview.py [--rounds N]

Copies set-2024's data and content to a temporary folder, serves them with the preview, opens the page in
Debian's chromium through Playwright, then times chapter edits (goal 0.15 s) and data edits (goal 1.0 s) that
each change what the page shows. Prints each time, the rebuild's share of it, and the medians; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.preview.session import Preview  # noqa: E402 - after the path is set

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
GOALS = {"chapter": 0.15, "data": 1.0}
LEAD = re.compile(r"Boston leads with (\d[\d.,]*\d)")
WAIT_MS = 30_000


def shown(page: Page, text: str) -> None:
    page.wait_for_function("t => document.body && document.body.innerText.includes(t)", arg=text, timeout=WAIT_MS)


def lead_score(page: Page) -> str:
    match = LEAD.search(page.inner_text("body"))
    return match.group(1) if match else ""


def time_chapter_edit(page: Page, chapter: Path, n: int) -> float:
    text = chapter.read_text(encoding="utf-8")
    marker = f"Benchmark edit number {n}."
    start = time.perf_counter()
    chapter.write_text(text + f"\n{marker}\n", encoding="utf-8")
    shown(page, marker)
    return time.perf_counter() - start


def time_data_edit(page: Page, values: Path, n: int) -> float:
    """Raise Boston's basic-education value so that its overall score, printed in the summary, changes."""
    before = lead_score(page)
    text = values.read_text(encoding="utf-8")
    edited = re.sub(r"^boston,edu\.basic,[^,]+,", f"boston,edu.basic,{82 + n}.5,", text, count=1, flags=re.M)
    start = time.perf_counter()
    values.write_text(edited, encoding="utf-8")
    page.wait_for_function(
        "([re, before]) => { const m = document.body && document.body.innerText.match(new RegExp(re));"
        " return m !== null && m[1] !== before; }", arg=[LEAD.pattern, before], timeout=WAIT_MS)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1),
                        help="processes drawing figures (0: draw in the server process)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "data" / "set-2024", work / "data" / "set-2024")
        shutil.copytree(ROOT / "content" / "set-2024", work / "content" / "set-2024")
        start = time.perf_counter()
        preview = Preview("set-2024", "en", 0, work / "data", work / "content", work / "out", args.workers)
        preview.start()
        print(f"drawing processes: {args.workers}; cores: {os.cpu_count()}")
        print(f"first build and start: {time.perf_counter() - start:.2f} s")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS,
                                                     timeout=WAIT_MS)
                page = browser.new_page()
                page.goto(preview.url, timeout=WAIT_MS)
                shown(page, "Boston leads with")
                times: dict[str, list[float]] = {"chapter": [], "data": []}
                for n in range(args.rounds):
                    for kind, edit in (("chapter", lambda n=n: time_chapter_edit(page, work / "content" / "set-2024"
                                                                                  / "en" / "03-rankings.md", n)),
                                       ("data", lambda n=n: time_data_edit(page, work / "data" / "set-2024"
                                                                            / "values.csv", n))):
                        seconds = edit()
                        times[kind].append(seconds)
                        print(f"{kind} edit {n + 1}: {seconds:.3f} s saved to reloaded page "
                              f"(rebuild {preview.seconds:.3f} s)")
                browser.close()
        finally:
            preview.stop()
        print(f"chapters rendered: {preview.state.chapters.rendered}; figures drawn: {len(preview.state.drawn)}")
        for kind, values in times.items():
            median = statistics.median(values)
            verdict = "meets" if median <= GOALS[kind] else "misses"
            print(f"{kind} edit: median {median:.3f} s, min {min(values):.3f} s, max {max(values):.3f} s "
                  f"({verdict} the {GOALS[kind]} s goal)")


if __name__ == "__main__":
    main()
