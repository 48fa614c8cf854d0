"""End-to-end: build the default edition, then read facts back from the HTML, PDF and files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from pypdf import PdfReader

from builder.app import BuildOptions, build
from builder.cli import main
from builder.errors import ContentError
from builder.numbers import round_half_up
from builder.report.strings import TranslationError, load_strings

ROOT = Path(__file__).parent.parent
LANGS = ("en", "zh")


@pytest.fixture(scope="module")
def built(editions):
    return editions["set-2024"]


@pytest.fixture(scope="module")
def results(built) -> pd.DataFrame:
    return pd.read_csv(built[0] / "results.csv")


@pytest.fixture(scope="module")
def cities() -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / "set-2024" / "cities.csv").set_index("id")


def test_every_output_exists(built):
    folder, summary, _ = built
    assert (folder / "results.csv").exists() and (folder / "results.xlsx").exists()
    for lang in LANGS:
        assert (folder / lang / "index.html").stat().st_size > 10_000
        assert (folder / lang / "report.pdf").stat().st_size > 10_000
        assert len(list((folder / lang / "figures").glob("*.svg"))) >= 10
        csvs = list((folder / lang / "tables").glob("*.csv"))
        assert csvs and len(csvs) == len(list((folder / lang / "tables").glob("*.xlsx")))
    assert summary.pages["en"] > 10 and summary.pages["zh"] > 10


def test_build_logs_no_warnings(built):
    _, summary, records = built
    assert summary.warnings == []
    assert [r.getMessage() for r in records] == []


def _appendix_rows(html: Path) -> list[list[str]]:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one("#tab-appendix-overall table")
    assert table is not None, "appendix table of overall scores missing"
    assert table.select("thead th"), "appendix table has no header cells"
    return [[cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]


@pytest.mark.parametrize("lang", LANGS)
def test_html_appendix_agrees_with_results(built, results, cities, lang):
    rows = _appendix_rows(built[0] / lang / "index.html")
    overall = results[results["indicator_id"] == "overall"]
    assert len(rows) == len(overall) == 30
    for row, (_, res) in zip(rows, overall.iterrows(), strict=True):
        assert row[0] == str(res["rank"])
        assert row[1] == cities.at[res["city_id"], f"name_{lang}"]
        assert row[2] == f"{float(round_half_up(res['score'], 2)):.2f}"  # published rounding: half up


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_text_agrees_with_results(built, results, cities, lang):
    text = _pdf_text(built[0] / lang / "report.pdf")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    overall = results[results["indicator_id"] == "overall"]
    for _, res in overall.iterrows():
        name = cities.at[res["city_id"], f"name_{lang}"]
        expected = f"{res['rank']} {name} {float(round_half_up(res['score'], 2)):.2f}"
        assert any(line.startswith(expected) for line in lines), expected


def test_chinese_names_in_chinese_pdf(built, cities):
    text = _pdf_text(built[0] / "zh" / "report.pdf")
    missing = [n for n in cities["name_zh"] if n not in text]
    assert missing == []


def _fonts(pdf: Path) -> list[tuple[str, bool]]:
    found = []
    for page in PdfReader(pdf).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            desc = target.get("/FontDescriptor")
            desc = desc.get_object() if desc else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font.get("/BaseFont")), embedded))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_embedded(built, lang):
    fonts = _fonts(built[0] / lang / "report.pdf")
    assert fonts
    assert [name for name, embedded in fonts if not embedded] == []


def test_chinese_pdf_uses_cjk_font(built):
    names = {name for name, _ in _fonts(built[0] / "zh" / "report.pdf")}
    assert any("CJK" in n for n in names), names


def test_pdf_metadata(built):
    for lang in LANGS:
        reader = PdfReader(built[0] / lang / "report.pdf")
        assert "SET" in reader.metadata.title
        assert reader.outline, "no bookmarks"
        assert reader.trailer["/Root"].get("/Lang") in ("en", "zh-Hans")


def test_html_links_other_language_and_has_alt_text(built):
    for lang, other in (("en", "zh"), ("zh", "en")):
        soup = BeautifulSoup((built[0] / lang / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"].startswith(lang)
        assert soup.select_one(f'a[href="../{other}/index.html"]') is not None
        images = soup.select("figure img")
        assert images and all(img.get("alt") for img in images)
        assert soup.select_one('meta[name="viewport"]') is not None


def test_missing_translation_lists_every_key(tmp_path):
    (tmp_path / "en.yaml").write_text("a: A\nb: B\nc: {d: D}\n", encoding="utf-8")
    (tmp_path / "zh.yaml").write_text("a: 甲\n", encoding="utf-8")
    with pytest.raises(TranslationError) as info:
        load_strings(tmp_path, ["en", "zh"])
    keys = {(Path(p.file).name, p.key, p.code) for p in info.value.problems}
    assert keys == {("zh.yaml", "b", "strings-missing"), ("zh.yaml", "c.d", "strings-missing")}


def test_content_error_names_file_and_line(tmp_path):
    content = tmp_path / "content" / "set-2024"
    for lang in LANGS:
        (content / lang).mkdir(parents=True)
        (content / lang / "01-x.md").write_text("---\nid: x\ntitle: X\n---\nFine.\n\n{{ city('atlantis').score }}\n",
                                               encoding="utf-8")
    with pytest.raises(ContentError, match=r"en/01-x.md, line 7: found unknown city 'atlantis'; expected a city id "
                                           r"of cities.csv \[chapter-city\]"):
        build("set-2024", BuildOptions(data_dir=ROOT / "data", content_dir=tmp_path / "content",
                                       output_dir=tmp_path / "out", formats=("html",)))
    assert not (tmp_path / "out" / "set-2024" / "en").exists()


def test_build_command_html_only(tmp_path):
    res = CliRunner().invoke(main, ["build", "set-2024", "--format", "html", "--lang", "en",
                                    "--data-dir", str(ROOT / "data"), "--content-dir", str(ROOT / "content"),
                                    "--output-dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "set-2024" / "en" / "index.html").exists()
    assert not (tmp_path / "set-2024" / "zh").exists()
    assert "time per stage" in res.output


def test_two_builds_give_the_same_bytes(built, tmp_path):
    again = tmp_path / "again"
    build("set-2024", BuildOptions(data_dir=ROOT / "data", content_dir=ROOT / "content", output_dir=again))
    first = {p.relative_to(built[0]): p.read_bytes() for p in built[0].rglob("*") if p.is_file()}
    second = {p.relative_to(again / "set-2024"): p.read_bytes()
              for p in (again / "set-2024").rglob("*") if p.is_file()}
    assert set(first) == set(second)
    assert [str(k) for k in first if first[k] != second[k]] == []
