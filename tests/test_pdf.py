"""PDF output: embedded CJK and Latin fonts, metadata, outline, page furniture, glyph checks, stable bytes."""

from __future__ import annotations

import datetime as dt
import html
import pickle
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from builder.errors import SetupError
from builder.render import fonts, layout, svgtext
from builder.render import svg as svg_module
from builder.render.pdf import MissingGlyphError, PdfMeta, PdfStats, write_pdf

from .test_pages import words

ROOT = Path(__file__).parent.parent
PRINT_CSS = (ROOT / "templates" / "print.css").read_text(encoding="utf-8")
CREATED = dt.datetime(2024, 5, 1, 12, 30)
FIGURE = ("data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='400' height='120'>"
          "<rect width='400' height='120' fill='%23369'/></svg>")

TEXT = {
    "en": {
        "title": "SET Index 2024", "notice": "Illustrative data", "contents": "Contents", "ch1": "Talent",
        "ch2": "Technology",
        "section": "Method", "city": "City", "score": "Score", "cities": ["Beijing", "Shanghai", "Boston"],
        "prose": "Scores are weighted means of normalised indicators; ranks follow the unrounded scores.",
    },
    "zh": {
        "title": "科技创新指数 2024", "notice": "示例数据", "contents": "目录", "ch1": "人才", "ch2": "技术",
        "section": "方法", "city": "城市", "score": "得分", "cities": ["北京", "上海", "波士顿"],
        "prose": "得分为标准化指标的加权平均值，排名依据未经舍入的得分（北京、上海、波士顿）。",
    },
}


def report_html(lang: str, extra: str = "") -> str:
    """A report shaped like templates/report.html: cover, contents, chapters, figure, long table."""
    t = TEXT[lang]
    rows = "".join(f"<tr><th scope=row>{t['cities'][i % 3]}</th><td class=num>{90 - i * 0.37:.2f}</td>"
                   f"<td class=num>{i + 1}</td></tr>" for i in range(70))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{t['title']}</title></head><body>
<p class="running-title" aria-hidden="true">{t['title']}</p>
<p class="banner-illustrative">{t['notice']}</p>
<header class="cover"><h1 class="title">{t['title']}</h1>
  <p class="subtitle">{t['prose']}</p><p class="publisher">Example Institute</p><p class="year">2024</p>
  <p class="generated">cityindex</p></header>
<nav class="toc"><h2>{t['contents']}</h2><ol>
  <li><a href="#talent">{t['ch1']}</a><ol><li><a href="#method">{t['section']}</a></li></ol></li>
  <li><a href="#tech">{t['ch2']}</a></li></ol></nav>
<section class="chapter" id="talent"><h1>{t['ch1']}</h1><p><em>{t['city']}</em> {t['prose']} {extra}</p>
  <h2 id="method">{t['section']}</h2><p>{t['prose']}</p>
  <figure class="figure"><img src="{FIGURE}" alt=""><figcaption>{t['prose']}</figcaption></figure></section>
<section class="chapter appendix" id="tech"><h1>{t['ch2']}</h1>
  <div class="table-wrap"><table class="data size-small"><caption><span class="label">T1</span> {t['score']}</caption>
  <thead><tr><th scope=col>{t['city']}</th><th scope=col class=num>{t['score']}</th><th scope=col class=num>#</th>
  </tr></thead><tbody>{rows}</tbody></table><p class="downloads"><a href="t.csv">CSV</a></p></div></section>
</body></html>"""


@dataclass(frozen=True)
class Report:
    lang: str
    path: Path
    stats: PdfStats
    full_fonts: bool | None


def meta(lang: str) -> PdfMeta:
    return PdfMeta(title=TEXT[lang]["title"], lang=lang, authors=["Ada Analyst", "Bo Editor"], subject="City index",
                   keywords=["cities", "index"], created=CREATED)


def render(lang: str, dest: Path, cache: Path, extra: str = "", full_fonts: bool | None = None) -> PdfStats:
    html = report_html(lang, extra)
    css = fonts.font_face_css(lang, html + PRINT_CSS, cache)
    return write_pdf(html, ROOT, dest, meta(lang), stylesheets=[css, PRINT_CSS], full_fonts=full_fonts,
                     allowed=[ROOT, cache])


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("font-cache")


# Fonts subset again by WeasyPrint where it has HarfBuzz's subsetter (the default), and the
# font subsets embedded whole (what the default falls back to without it).
@pytest.fixture(scope="module", params=[("en", None), ("zh", None), ("en", True), ("zh", True)],
                ids=["en", "zh", "en-whole-fonts", "zh-whole-fonts"])
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           cache: Path) -> Report:
    lang, full_fonts = request.param
    dest = tmp_path_factory.mktemp(lang) / "report.pdf"
    return Report(lang, dest, render(lang, dest, cache, full_fonts=full_fonts), full_fonts)


def font_dicts(reader: PdfReader) -> list[DictionaryObject]:
    """Every font dictionary the pages use, descendant CID fonts and fonts of form XObjects included."""
    found: dict[int, DictionaryObject] = {}

    def visit_resources(resources: DictionaryObject) -> None:
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            found[id(font)] = font
            for descendant in font.get("/DescendantFonts", []):
                descendant = descendant.get_object()
                found[id(descendant)] = descendant
        for xobject in (resources.get("/XObject") or {}).values():
            inner = xobject.get_object().get("/Resources")
            if inner is not None:
                visit_resources(inner.get_object())

    for page in reader.pages:
        visit_resources(page["/Resources"].get_object())
    return list(found.values())


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def outline_titles(reader: PdfReader) -> list[str]:
    def flatten(items: list) -> list[str]:
        return [title for item in items
                for title in (flatten(item) if isinstance(item, list) else [item.title])]
    return flatten(reader.outline)


def test_every_font_is_embedded(report: Report) -> None:
    path = report.path
    dicts = font_dicts(PdfReader(path))
    assert dicts
    for font in dicts:
        if font["/Subtype"] == "/Type0":
            continue  # its glyphs live in the descendant CID font, checked on its own
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{font['/BaseFont']} is not embedded"


def test_fonts_are_the_languages_typefaces(report: Report) -> None:
    lang, path, stats = report.lang, report.path, report.stats
    names = {str(font["/BaseFont"]).split("+", 1)[-1] for font in font_dicts(PdfReader(path))}
    expected = {"en": {"LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic"},  # zh sets em in bold
                "zh": {"NotoSansCJKsc-Regular", "NotoSansCJKsc-Bold"}}[lang]
    assert names == expected
    assert set(stats.fonts) == expected
    if lang == "zh":
        assert all("CJK" in name or "Noto" in name for name in names)


def test_metadata(report: Report) -> None:
    lang, path = report.lang, report.path
    reader = PdfReader(path)
    info = reader.metadata
    assert info.title == TEXT[lang]["title"]
    assert info.author == "Ada Analyst, Bo Editor"
    assert info.subject == "City index"
    assert info["/Keywords"] == "cities, index"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20240501123000Z"
    assert reader.trailer["/Root"]["/Lang"] == lang


def test_a4_pages(report: Report) -> None:
    path, stats = report.path, report.stats
    reader = PdfReader(path)
    assert stats.pages == len(reader.pages) >= 5
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_outline_has_chapters_not_the_cover(report: Report) -> None:
    lang, path = report.lang, report.path
    reader = PdfReader(path)
    t = TEXT[lang]
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [t["contents"], t["ch1"], t["ch2"]]
    assert outline_titles(reader) == [t["contents"], t["ch1"], t["section"], t["ch2"]]
    assert t["title"] not in outline_titles(reader)


def test_text_and_page_furniture(report: Report) -> None:
    lang, path = report.lang, report.path
    t = TEXT[lang]
    texts = page_texts(path)
    total = len(texts)
    everything = "".join(texts)
    for city in t["cities"]:
        assert city in everything
    assert all(t["notice"] in text for text in texts), "the illustrative-data notice is missing from a page"
    assert all(t["title"] in text for text in texts), "the edition title is on the cover and in every header"
    assert t["ch2"] in texts[-1] and t["ch2"] not in texts[-1].splitlines()[0], "the chapter runs in the header"
    assert f"1 / {total}" not in texts[0], "the cover has no page number"
    assert all(f"{number} / {total}" in text for number, text in enumerate(texts[1:], start=2))
    table_pages = [text for text in texts if t["cities"][0] in text and t["score"] in text]
    assert len(table_pages) >= 2, "the table header repeats on each page of the table"
    assert any(t["ch2"] in line and line.rstrip()[-1].isdigit() for line in texts[1].splitlines()), \
        "the contents page shows page numbers"


def test_written_atomically(report: Report) -> None:
    assert [path.name for path in report.path.parent.iterdir()] == ["report.pdf"]


def test_clean_report_has_no_warnings(report: Report) -> None:
    stats = report.stats
    assert stats.warnings == []
    assert stats.seconds > 0


def test_identical_input_gives_identical_bytes(report: Report, tmp_path: Path,
                                               cache: Path) -> None:
    lang, path = report.lang, report.path
    again = tmp_path / "again.pdf"
    render(lang, again, tmp_path / "fresh-cache", full_fonts=report.full_fonts)  # subsets made anew are stable too
    assert again.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("char", ["\ue000", "\U00013000"])  # private use; Egyptian hieroglyph A001
def test_missing_glyph_fails_and_writes_nothing(lang: str, char: str, tmp_path: Path, cache: Path) -> None:
    dest = tmp_path / "report.pdf"
    dest.write_bytes(b"last good build")
    with pytest.raises(MissingGlyphError) as failure:
        render(lang, dest, cache, extra=f"see {char} here")
    # no font of the document has it; some other installed font (e.g. Noto Sans Egyptian Hieroglyphs) may
    assert [glyph.char for glyph in failure.value.missing] == [char]
    assert failure.value.missing[0].fallback in (None, "Noto Sans Egyptian Hieroglyphs")
    message = str(failure.value)
    assert f"U+{ord(char):04X}" in message
    assert repr(f"see {char} here")[1:-1] in message  # the context, escaped as in the message
    assert dest.read_bytes() == b"last good build"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"], "no temporary file is left behind"


def test_missing_glyph_error_survives_pickling(tmp_path: Path, cache: Path) -> None:
    """A build's worker process hands the error to its parent by pickling it."""
    with pytest.raises(MissingGlyphError) as failure:
        render("en", tmp_path / "report.pdf", cache, extra="\ue000")
    copy = pickle.loads(pickle.dumps(failure.value))
    assert str(copy) == str(failure.value) and copy.missing == failure.value.missing


def test_english_fonts_do_not_cover_chinese(tmp_path: Path, cache: Path) -> None:
    with pytest.raises(MissingGlyphError) as failure:
        render("en", tmp_path / "report.pdf", cache, extra="北京")
    assert {glyph.char for glyph in failure.value.missing} == {"北", "京"}
    assert all(glyph.fallback and glyph.page == 3 for glyph in failure.value.missing)  # some installed CJK font


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_spaces_and_invisible_characters_are_not_missing(lang: str, tmp_path: Path, cache: Path) -> None:
    invisible = "soft\u00adhyphen no\u00a0break thin\u2009space zero\u200bwidth ideographic\u3000space tab\tx"
    stats = render(lang, tmp_path / "report.pdf", cache, extra=invisible)
    assert stats.warnings == []


def test_weasyprint_warnings_are_returned(tmp_path: Path, cache: Path) -> None:
    html = report_html("en")
    css = fonts.font_face_css("en", html + PRINT_CSS, cache)
    stats = write_pdf(html, ROOT, tmp_path / "report.pdf", meta("en"),
                      stylesheets=[css, PRINT_CSS, "p { colour: red; }"], allowed=[ROOT, cache])
    assert any("colour" in warning for warning in stats.warnings)


def test_font_subsets_are_cached_and_hold_only_the_texts_characters(tmp_path: Path) -> None:
    first = fonts.font_face_css("zh", "北京上海", tmp_path)
    files = sorted(tmp_path.iterdir())
    stamps = [path.stat().st_mtime_ns for path in files]
    assert fonts.font_face_css("zh", "上海北京", tmp_path) == first
    assert [path.stat().st_mtime_ns for path in sorted(tmp_path.iterdir())] == stamps
    assert len(files) == 2 and all(path.stat().st_size < 100_000 for path in files)
    assert first.count(f'font-family: "{fonts.FAMILY}"') == 2
    assert "font-weight: 400" in first and "font-weight: 700" in first
    for path in files:
        with TTFont(path) as subset:
            assert {chr(code) for code in subset.getBestCmap()} == set("北京上海") | fonts.BASE_CHARACTERS


def test_english_has_italics(tmp_path: Path) -> None:
    css = fonts.font_face_css("en", "Boston", tmp_path)
    assert css.count("font-style: italic") == 2 and css.count("font-style: normal") == 2
    assert len(list(tmp_path.iterdir())) == 4


def test_missing_typeface_names_the_package() -> None:
    face = fonts.Typeface("No Such Sans", "fonts-no-such")
    with pytest.raises(fonts.FontNotFoundError, match=r"'No Such Sans' \(bold\) is not installed.*fonts-no-such"):
        fonts.find_font(face, fonts.Style(700))


def test_unknown_language_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(SetupError, match=r"found language 'fr'; expected a registered language: ar, en, zh "
                                         r"\[language-unregistered\]"):
        fonts.font_face_css("fr", "bonjour", tmp_path)


def svg_uri(body: str, width: int = 400, height: int = 60) -> str:
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}'>{body}</svg>"
    return "data:image/svg+xml;utf8," + urllib.parse.quote(svg)


def word_widths(pdf: Path) -> dict[str, list[float]]:
    """The width in points of every word pdftotext finds, by word."""
    widths: dict[str, list[float]] = {}
    for page in words(pdf):
        for x_min, _, x_max, _, word in page:
            widths.setdefault(html.unescape(word), []).append(x_max - x_min)
    return widths


def test_figure_text_is_kerned_as_the_pages_text_is(tmp_path: Path, cache: Path) -> None:
    """A figure's text run is shaped whole, as the page's text is, so the same word is as wide in both
    (WeasyPrint's own SVG text sets each character alone: no kerning, and a layout per character)."""
    word = "AVAWAYToTo"
    figure = svg_uri(f'<text x="10" y="30" font-size="16" font-family="CI Sans">{word}</text>')
    page = (f"<!DOCTYPE html><html lang='en'><body><p style='font-size: 16px'>{word}</p>"
            f"<img src='{figure}'></body></html>")
    css = fonts.font_face_css("en", page, cache)
    write_pdf(page, ROOT, tmp_path / "kerned.pdf", meta("en"), stylesheets=[css, "* { font-family: 'CI Sans' }"],
              allowed=[ROOT, cache])
    html_width, svg_width = word_widths(tmp_path / "kerned.pdf")[word]
    unkerned = sum(layout.text_width(char, "en", 12.0) for char in word)
    assert html_width < unkerned - 2.0  # the word has kerning pairs, which the page's text applies
    assert svg_width == pytest.approx(html_width, abs=0.05)


def test_chinese_figure_text_takes_the_pages_glyph_forms(tmp_path: Path, cache: Path) -> None:
    """A Chinese figure says its language, so its dash is the full-width one of the page's text (Simplified
    Chinese's locl), not the proportional dash the font sets by default."""
    word = "首尔—新加坡"
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='400' height='60'><text x='10' y='30' font-size='16' "
           f"font-family='CI Sans'>{word}</text></svg>").encode()
    figures = ["data:image/svg+xml;utf8," + urllib.parse.quote(s.decode()) for s in
               (svg_module.with_language(svg, "zh"), svg)]
    page = (f"<!DOCTYPE html><html lang='zh-Hans'><body><p style='font-size: 16px'>{word}</p>"
            f"<img src='{figures[0]}'><br><img src='{figures[1]}'></body></html>")
    css = fonts.font_face_css("zh", page, cache)
    write_pdf(page, ROOT, tmp_path / "forms.pdf", meta("zh"), stylesheets=[css, "* { font-family: 'CI Sans' }"],
              allowed=[ROOT, cache])
    html_width, said, unsaid = word_widths(tmp_path / "forms.pdf")[word]
    assert said == pytest.approx(html_width, abs=0.05) == 6 * 12.0  # six full-width characters at 12 pt
    assert unsaid < html_width - 1.0  # without its language, the dash is the narrower default


class FakeNode(dict):
    """What svgtext reads of a WeasyPrint SVG node: its tag, text and attributes."""

    def __init__(self, tag: str, text: str, **attrib: str) -> None:
        super().__init__(attrib)
        self.tag, self.text, self.attrib = tag, text, attrib


@pytest.mark.parametrize(("node", "whole"), [
    (FakeNode("text", "Tokyo", x="10.5", y="3"), True),
    (FakeNode("tspan", "Tokyo"), True),
    (FakeNode("text", "Tokyo", x="10 20 30", y="3"), False),
    (FakeNode("text", "Tokyo", x="10", y="3,4"), False),
    (FakeNode("text", "Tokyo", dx="1"), False),
    (FakeNode("text", "Tokyo", rotate="0 10"), False),
    (FakeNode("text", "Tokyo", **{"letter-spacing": "2"}), False),
    (FakeNode("text", "Tokyo", textLength="40"), False),
    (FakeNode("text", "Tokyo", **{"dominant-baseline": "central"}), False),
    (FakeNode("text", ""), False),
    (FakeNode("textPath", "Tokyo"), False),
])
def test_only_texts_placed_as_one_run_are_drawn_whole(node: FakeNode, whole: bool) -> None:
    assert svgtext.whole_run(node) is whole


def test_the_svg_text_drawing_fits_the_installed_weasyprint() -> None:
    """svgtext reaches into WeasyPrint's SVG module: an upgrade must be checked against it, then SUPPORTED raised."""
    assert svgtext.install() and svgtext.installed()


@pytest.mark.parametrize(("lang", "word"), [("en", "AVATAR"), ("en", "Officials"), ("en", "Tokyo"),
                                           ("en", " Copenhagen  10 "), ("zh", "北京（上海）"), ("zh", "首尔—新加坡"),
                                           ("zh", "AVA"), ("ar", "الرياض"), ("ar", "85.9"), ("ar", "أبو ظبي.")])
@pytest.mark.parametrize("anchor", ["middle", "end"])
def test_figure_text_placed_by_its_start_lands_where_the_anchor_put_it(lang: str, word: str, anchor: str,
                                                                        tmp_path: Path, cache: Path) -> None:
    """print_svg moves a centred or right-aligned text's x to its start, as measured by shaping, so the PDF
    needs no group per text to shift it; the text lands where the renderer's own anchoring puts it."""
    text = f'<text x="120" y="30" font-size="16" font-weight="700" text-anchor="{anchor}">{word}</text>'
    root = "<svg xmlns='http://www.w3.org/2000/svg' width='400' height='60' style=\"font-family: 'X'\">"
    mine = svg_module.print_svg(f"{root}{text}</svg>".encode(), lang).decode()
    assert "text-anchor" not in mine
    theirs = svg_module.with_language(svg_module.FAMILY.sub(b"font-family: 'CI Sans'",
                                                            f"{root}{text}</svg>".encode()), lang).decode()
    uri = ["data:image/svg+xml;utf8," + urllib.parse.quote(svg) for svg in (theirs, mine)]
    page = f"<!DOCTYPE html><html lang='{lang}'><body><img src='{uri[0]}'><br><img src='{uri[1]}'></body></html>"
    css = fonts.font_face_css(lang, page + word, cache)
    about = meta(lang) if lang in TEXT else PdfMeta("Figure", lang, [], "", [], CREATED)
    write_pdf(page, ROOT, tmp_path / "anchored.pdf", about, stylesheets=[css], allowed=[ROOT, cache])
    starts = [x_min for page in words(tmp_path / "anchored.pdf") for x_min, *_ in page]  # each word of each image
    count = len(word.split())
    assert len(starts) == 2 * count and starts[count:] == pytest.approx(starts[:count], abs=0.05)
