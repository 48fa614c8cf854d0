"""Publishable pages, checked on every edition in each of its languages (Arabic for las-2024): nothing
beyond the text block, Chinese columns wide enough, figures printing the tables' numbers, no talk of the
software in what readers read, and the web page's furniture."""

from __future__ import annotations

import html
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

EDITIONS = ("set-2024", "iec-2024", "las-2024", "brics-2024", "bri-2021", "bri-2021-demo", "wide", "gaps")
LANGS = ("en", "zh")
# Every language of an edition: las-2024 is in Arabic too (right to left).
PAGES = [(edition, lang) for edition in EDITIONS for lang in LANGS] + [("las-2024", "ar")]
MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
BLOCK = (20 * MM, 190 * MM)  # the text block between print.css's side margins
WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="[\d.]+" height="[\d.]+">(.*?)</page>', re.S)
SOFTWARE = re.compile(r"cityindex|this build|the build|built by|computed by|audit|构建|审计|本工具|البرنامج|البرمجي",
                      re.I)


def words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every word of every page with its box (pdftotext -bbox, as ../shared/tools/page-check reads it)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [[(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(body)]
            for body in PAGE.findall(out)]


@pytest.mark.parametrize(("edition", "lang"), PAGES)
def test_no_word_beyond_the_text_block(editions, edition, lang):
    folder = editions[edition][0]
    off = [(number, text, round(x0), round(x1)) for number, page in enumerate(words(folder / lang / "report.pdf"), 1)
           for x0, _, x1, y1, text in page
           if x0 < BLOCK[0] - 1 or x1 > BLOCK[1] + 1 or y1 > PAGE_H - 5 * MM]
    assert off == [], f"{len(off)} words beyond the text block, e.g. {off[:5]}"


CAPTION = re.compile(r"^(Table|表|الجدول)\s?\d+")  # a table's caption begins with its label
BODY_END = PAGE_H - 22 * MM  # print.css's bottom margin: below it, the running foot


@pytest.mark.parametrize(("edition", "lang"), PAGES)
def test_no_table_caption_ends_a_page(editions, edition, lang):
    """A table's caption is never among the last three lines of a page (its header and at most one row below
    it, the rest on the next page): print.css keeps a caption with its table's first two rows."""
    folder = editions[edition][0]
    stranded = []
    for number, page in enumerate(words(folder / lang / "report.pdf"), 1):
        lines: dict[int, list] = {}
        for x0, y0, _, y1, text in page:
            if y1 < BODY_END:
                lines.setdefault(round(y0), []).append((x0, text))
        for y in sorted(lines)[-3:]:
            line = [text for _, text in sorted(lines[y])]
            if CAPTION.match(" ".join(line)) or any(CAPTION.match(text) for text in line[:1]):
                stranded.append((number, " ".join(line)[:40]))
    assert stranded == [], f"captions at the foot of a page: {stranded}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_chinese_table_columns_hold_two_characters(editions, edition):
    """Every table cell of the Chinese PDF, laid out at print size, holds at least two characters of its
    Chinese text on a line (no 美/国 stacked a character per line)."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import LineBox, TableCellBox, TextBox

    folder, summary, _ = editions[edition]
    document = HTML(string=summary.printed["zh"], base_url=str(folder / "zh") + "/").render()
    squeezed = []
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, TableCellBox):
                lines = [b for b in box.descendants() if isinstance(b, LineBox)]
                texts = ["".join(t.text for t in line.descendants() if isinstance(t, TextBox)) for line in lines]
                cjk = [t for t in texts if re.search(r"[\u4e00-\u9fff]", t)]
                if len(cjk) > 1 and any(len(t.strip()) < 2 for t in cjk[:-1]):  # a last line may hold one
                    squeezed.append(texts)
    assert squeezed == [], squeezed[:5]


def _ranking_numbers(svg: Path) -> Counter:
    text = svg.read_text(encoding="utf-8")
    shown = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", text)]
    return Counter(t for t in shown if re.fullmatch(r"\d[\d,]*\.\d+|<\d+", t.strip()))


def _table_scores(html: Path, table_id: str, header: str) -> Counter:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one(f"#{table_id} table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    col = headers.index(header)
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]
    return Counter(row[col] for row in rows if row[col] and row[col] != "–")  # unscored cities are not drawn


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("edition", ["set-2024", "wide", "gaps"])
def test_ranking_figures_print_the_numbers_of_the_appendix(editions, edition, lang):
    folder = editions[edition][0]
    page = folder / lang / "index.html"
    score = {"en": "Score", "zh": "得分"}[lang]
    svg = folder / lang / "figures" / "ranking-overall.svg"
    assert _ranking_numbers(svg) == _table_scores(page, "tab-appendix-overall", score)


@pytest.mark.parametrize(("edition", "lang"), PAGES)
def test_readers_never_read_about_the_software(editions, edition, lang):
    folder = editions[edition][0]
    pages = [" ".join(w[4] for w in page) for page in words(folder / lang / "report.pdf")]
    pages = [text for text in pages if text.strip() and not re.fullmatch(r"\d+ / \d+", text.strip())]
    assert [(i, m.group(0)) for i, text in enumerate(pages[:-1]) for m in SOFTWARE.finditer(text)] == []
    assert "cityindex" in pages[-1]  # the colophon, the last page, names the software
    soup = BeautifulSoup((folder / lang / "index.html").read_text(encoding="utf-8"), "html.parser")
    for tag in soup.select("footer.colophon, script, style, meta"):
        tag.decompose()
    assert [m.group(0) for m in SOFTWARE.finditer(soup.get_text(" "))] == []


@pytest.mark.parametrize(("edition", "lang"), PAGES)
def test_tables_and_figures_are_numbered_in_the_order_they_appear(editions, edition, lang):
    """A reference to a table placed later must not give it the next number: Table 4 never comes after Table 5."""
    soup = BeautifulSoup((editions[edition][0] / lang / "index.html").read_text(encoding="utf-8"), "html.parser")
    for labels in (soup.select("table.data caption .label"), soup.select("figure.figure figcaption .label")):
        numbers = [int(m.group()) for label in labels if (m := re.search(r"\d+", label.get_text()))]
        firsts = [n for i, n in enumerate(numbers) if i == 0 or numbers[i - 1] != n]  # a table printed in parts
        assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts), (edition, lang, firsts)


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_dates_are_the_editions(editions, edition):
    folder, _, _ = editions[edition]
    info = PdfReader(folder / "en" / "report.pdf").metadata
    year = {"bri-2021": 2021, "bri-2021-demo": 2021}.get(edition, 2024)
    assert info["/CreationDate"].startswith(f"D:{year}")


@pytest.mark.parametrize("lang", LANGS)
def test_web_page_furniture(editions, lang):
    folder = editions["set-2024"][0]
    soup = BeautifulSoup((folder / lang / "index.html").read_text(encoding="utf-8"), "html.parser")
    switch = soup.select_one("a[data-keep-place]")
    assert switch is not None and "location" not in switch.get("href", "")
    assert "data-keep-place" in "".join(s.get_text() for s in soup.select("script"))
    for figure in soup.select("figure.figure"):
        link = figure.select_one("a.figure-open")
        assert link is not None and link["href"] == figure.select_one("img")["src"]
    assert soup.select(".table-wrap table")
