"""Arabic, a right-to-left language: the las-2024 report in Arabic is right to left in HTML and PDF, its
Latin runs are set in the fallback typeface, its figures are shaped and mirrored, its digits are the
locale's, and every interface string is translated."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml
from babel import Locale
from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont
from matplotlib.textpath import TextToPath
from pypdf import PdfReader

from builder.languages import language
from builder.render.fonts import coverage, covered, families, find_font, font_face_css, print_css
from builder.render.layout import text_width
from builder.report.strings import flatten
from figures import ranking
from figures.save import new_figure
from figures.style import Labels, font_for

from .test_pdf import font_dicts

ROOT = Path(__file__).parent.parent
TEMPLATES = ROOT / "templates"
ARABIC_INDIC = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', re.S)
# Physical sides, outside @page rules (whose margin boxes are placed by page side, and mirrored there).
PHYSICAL = re.compile(r"(?:margin|padding|border|inset)-(?:left|right)\b|text-align:\s*(?:left|right)\b"
                      r"|float:\s*(?:left|right)\b|(?<![-\w])(?:left|right)\s*:")


@pytest.fixture(scope="module")
def arabic(tmp_path_factory) -> Path:
    """las-2024 built in Arabic only (HTML and PDF): its output folder."""
    from builder.app import BuildOptions, build

    out = tmp_path_factory.mktemp("arabic")
    build("las-2024", BuildOptions(langs=["ar"], data_dir=ROOT / "data", content_dir=ROOT / "content",
                                   output_dir=out))
    return out / "las-2024" / "ar"


def _soup(folder: Path) -> BeautifulSoup:
    return BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_arabic_page_is_right_to_left(arabic):
    soup = _soup(arabic)
    assert (soup.html["lang"], soup.html["dir"]) == ("ar", "rtl")
    assert language("ar").direction == "rtl" and language("en").direction == "ltr"


def test_the_language_switch_offers_all_three_languages(arabic):
    switch = _soup(arabic).select_one(".lang-switch")
    assert [e.get("lang") for e in switch.find_all(["a", "span"])] == ["en", "zh-Hans", "ar"]
    assert switch.select_one("[aria-current]")["lang"] == "ar"  # the page's own language: shown, not linked
    assert {a["href"] for a in switch.select("a")} == {"../en/index.html", "../zh/index.html"}


def _outside_page_rules(css: str) -> str:
    """The stylesheet without its @page rules (whose margin boxes nest braces)."""
    out, i = [], 0
    while i < len(css):
        if css.startswith("@page", i):
            i, depth = css.index("{", i) + 1, 1
            while depth:
                depth += {"{": 1, "}": -1}.get(css[i], 0)
                i += 1
            continue
        out.append(css[i])
        i += 1
    return "".join(out)


@pytest.mark.parametrize("name", ["screen.css", "print.css"])
def test_stylesheets_name_no_physical_side(name):
    """One stylesheet for both directions: logical properties, so that an Arabic page mirrors an English one."""
    css = re.sub(r"/\*.*?\*/", "", (TEMPLATES / name).read_text(encoding="utf-8"), flags=re.S)
    found = PHYSICAL.findall(_outside_page_rules(css))
    assert found == [], found
    assert "@top-left" not in _outside_page_rules(css)  # the stripping above did strip the @page rules


def _words(pdf: Path) -> list[tuple[float, list[tuple[float, float, float, float, str]]]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(float(w), [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(body)])
            for w, body in PAGE.findall(out)]


def test_the_pdf_mirrors_its_page_furniture(arabic):
    """Page numbers at the bottom left, the notice at the bottom right, the edition title at the top right."""
    pages = _words(arabic / "report.pdf")
    width, words = pages[2]  # a page of text, past the cover and the contents
    bottom = [w for w in words if w[1] > 780]
    number = [w for w in bottom if re.fullmatch(r"\d+", w[4])]
    assert number and max(w[2] for w in number) < width / 3
    assert min(w[0] for w in bottom if ARABIC_LETTER.search(w[4])) > width / 2
    top = [w for w in words if w[3] < 70 and "2024" in w[4]]  # the edition title carries its year
    assert top and min(w[0] for w in top) > width / 2


ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def test_rank_is_the_first_column_on_the_right(arabic):
    """Tables run right to left: in the row of the first city (أبو ظبي) of a scores table, its rank 1 is the
    rightmost word, its name left of it, and its scores left of its name."""
    for _, words in _words(arabic / "report.pdf"):
        rows: dict[int, list] = {}
        for w in words:
            rows.setdefault(round(w[3]), []).append(w)
        for row in rows.values():
            name = [w for w in row if w[4] == "يبظ"]  # pdftotext gives right-to-left words in visual order
            scores = [w for w in row if re.fullmatch(r"\d+\.\d", w[4])]
            if name and len(scores) >= 3:
                rightmost = max(row, key=lambda w: w[0])
                assert rightmost[4] == "1"
                assert name[0][0] > max(w[2] for w in scores)
                return
    pytest.fail("no scores table row of أبو ظبي in the PDF")


def test_latin_runs_are_set_in_the_fallback_typeface(arabic, tmp_path):
    """Noto Sans Arabic has no Latin letters; Liberation Sans sets them, in the PDF and in the widths measured."""
    arabic_face = find_font(language("ar").typeface, language("en").typeface.styles[0])
    assert "i" not in coverage(arabic_face)
    assert set("iGCU") <= covered("ar")
    assert text_width("iGCU", "ar", 10) == pytest.approx(text_width("iGCU", "en", 10))
    faces = font_face_css("ar", "أبو ظبي iGCU", tmp_path)
    assert '"CI Sans 2"' in faces and '"CI Sans", "CI Sans 2"' in print_css('p { font-family: "CI Sans"; }', "ar")
    fonts = {f["/BaseFont"].split("+")[-1] for page in PdfReader(arabic / "report.pdf").pages
             for f in page["/Resources"]["/Font"].values()}
    assert {"NotoSansArabic-Regular", "LiberationSans"} <= fonts
    assert "iGCU" in "".join(p.extract_text() for p in PdfReader(arabic / "report.pdf").pages[:1])


def test_figure_text_is_arabic_text_in_the_pdf(arabic):
    """The figures' Arabic is text, not outlines: searchable in the PDF, each label isolated right to left."""
    svg = next((arabic / "figures").glob("ranking-*.svg")).read_text(encoding="utf-8")
    labels = re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)
    assert labels and all(t.startswith("&#x2067;") and t.endswith("&#x2069;") for t in labels)
    cities = pd.read_csv(ROOT / "data" / "las-2024" / "cities.csv")["name_ar"]
    shown = "".join(page.extract_text() for page in PdfReader(arabic / "report.pdf").pages)
    in_figure = [c for c in cities if f">&#x2067;{c}&#x2069;<" in svg]
    assert in_figure and all(c in shown for c in in_figure)


def test_figures_draw_arabic_joined_and_right_to_left(tmp_path):
    """A figure's Arabic is shaped in the PDF: its letters drawn in their joined (initial, medial, final) forms,
    glyphs that no character maps to, not only the letters' own isolated glyphs, as unshaped text would draw;
    and right to left, so that a label's closing full stop is drawn first, at its left end."""
    from builder.render.pdf import PdfMeta, write_pdf
    from builder.render.svg import print_svg

    words = "الرياض المدينة."
    svg = print_svg(("<svg xmlns='http://www.w3.org/2000/svg' width='300' height='60' style=\"font-family: 'X'\">"
                     f"<text x='250' y='30' font-size='16' text-anchor='end'>{words}</text></svg>").encode(), "ar")
    page = ("<!DOCTYPE html><html lang='ar' dir='rtl'><body><img src='data:image/svg+xml;base64,"
            f"{base64.b64encode(svg).decode()}'></body></html>")
    faces = font_face_css("ar", page + words, tmp_path)
    write_pdf(page, ROOT, tmp_path / "joined.pdf", PdfMeta("t", "ar", [], "", [], dt.datetime(2024, 1, 1)),
              stylesheets=[faces, print_css("* { font-family: 'CI Sans' }", "ar")], families=families("ar"),
              allowed=[ROOT, tmp_path])
    reader = PdfReader(tmp_path / "joined.pdf")
    fonts = [f for f in _embedded_fonts(reader) if "Arabic" in f[0]]
    assert fonts, "the figure's text is not set in Noto Sans Arabic"
    with TTFont(io.BytesIO(fonts[0][1])) as font:
        cmap = font.getBestCmap()
        nominal = {font.getGlyphID(cmap[ord(c)]) for c in words if ord(c) in cmap}  # the letters' own glyphs
        stop = font.getGlyphID(cmap[ord(".")])
    drawn = _drawn_glyphs(reader)
    assert drawn and set(drawn) - nominal, "only the letters' own glyphs: the text was not shaped"
    assert drawn[0] == stop, "the full stop is not at the left end: the label was set left to right"


def _drawn_glyphs(reader: PdfReader) -> list[int]:
    """The glyph ids (Identity-H, two bytes each) the pages' form XObjects (the SVG images) draw, in the order
    drawn (left to right along a line)."""
    drawn: list[int] = []

    def visit(resources) -> None:
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            for run in re.findall(rb"<([0-9a-fA-F]+)>", xobject.get_data()):
                drawn.extend(int(run[i:i + 4], 16) for i in range(0, len(run), 4))
            if xobject.get("/Resources") is not None:
                visit(xobject["/Resources"].get_object())

    for pdf_page in reader.pages:
        visit(pdf_page["/Resources"].get_object())
    return drawn


def _embedded_fonts(reader: PdfReader) -> list[tuple[str, bytes]]:
    """(name, font program) of every embedded font the pages use, in form XObjects (an SVG image is one) too."""
    found = []
    for font in font_dicts(reader):
        descriptor = font["/FontDescriptor"].get_object() if "/FontDescriptor" in font else {}
        program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        if program is not None:
            found.append((str(descriptor["/FontName"]), program.get_object().get_data()))
    return found


def test_figure_text_runs_right_to_left():
    """In "دبي", the first letter is drawn rightmost: matplotlib orders Arabic (libraqm), in figures' own font."""
    prop = font_for("ar", size=10)
    font = TextToPath()._get_font(prop)
    font.set_size(10, 72)
    glyphs = TextToPath().get_glyphs_with_font(font, "دبي")[0]
    dal = font.get_char_index(ord("د"))  # isolated: dal joins nothing after it
    rightmost = max(glyphs, key=lambda g: g[1])[0]
    assert rightmost.endswith(f"-{dal:x}")


def test_the_ranking_mirrors_for_a_right_to_left_language():
    frame = pd.DataFrame({"city": ["دبي", "الدوحة", "الرياض"], "score": [90.0, 80.0, 70.0], "rank": [1, 2, 3]})
    for direction in ("ltr", "rtl"):
        fig = new_figure(6.3, 2.0)
        ax = fig.add_subplot()
        ranking.draw(ax, frame, labels=Labels("ar", {}, direction), decimals=1)
        fig.canvas.draw()
        box = ax.get_window_extent()
        names = [t for t in ax.texts if t.get_text() in set(frame["city"])]
        ends = [t.get_window_extent() for t in names]
        if direction == "rtl":
            assert ax.xaxis_inverted() and all(e.x0 >= box.x1 for e in ends)  # names right of the bars
        else:
            assert not ax.xaxis_inverted() and all(e.x1 <= box.x0 for e in ends)


def test_digits_are_the_locales(arabic):
    """The locale "ar" prescribes Western digits (CLDR's default numbering system "latn"): no Arabic-Indic
    digit anywhere in the page, and numbers in Western digits."""
    assert Locale.parse(language("ar").locale).default_numbering_system == "latn"
    text = _soup(arabic).get_text(" ")
    assert not ARABIC_INDIC.search(text)
    assert re.search(r"\b\d+\.\d\b", text)


def test_every_interface_string_is_in_arabic():
    read = {lang: flatten(yaml.safe_load((TEMPLATES / "strings" / f"{lang}.yaml").read_text(encoding="utf-8")))
            for lang in ("en", "ar")}
    assert read["ar"].keys() == read["en"].keys()
    latin_only = {k: v for k, v in read["ar"].items()
                  if re.search("[A-Za-z]{3,}", re.sub(r"\{[^}]*\}|cityindex|CSV|XLSX|log|min|max", "", v))}
    assert latin_only == {}  # no English left untranslated
