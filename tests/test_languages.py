"""The language registry is the one place that knows a language: a pseudo-locale added there (accented
and about 30 % longer, as pseudo-localisation does) builds HTML and PDF without editing any module."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from builder import languages
from builder.app import BuildOptions, build

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
ACCENTS = str.maketrans("aeiouAEIOUcnyCNY", "áéíóúÁÉÍÓÚçñýÇÑÝ")
PLACEHOLDER = re.compile(r"(\{[^}]*\}|\{\{.*?\}\}|\{%.*?%\}|<[^>]+>|\[[^\]]*\]\([^)]*\))")


def pseudo(text: str) -> str:
    """Accented, and padded to about 130 % of its length; placeholders, tags and template code kept."""
    if not text.strip():
        return text
    parts = PLACEHOLDER.split(text)
    out = "".join(p if PLACEHOLDER.fullmatch(p) else p.translate(ACCENTS) for p in parts)
    return f"«{out}{'·' * max(1, len(text) * 3 // 10)}»"


def _pseudo_csv(path: Path, base: str = "en", new: str = "en-XA") -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    columns = [(i, h) for i, h in enumerate(header) if h.endswith(f"_{base}")]
    header += [h[: -len(base)] + new for _, h in columns]
    for row in rows[1:]:
        row += [pseudo(row[i]) if i < len(row) else "" for i, _ in columns]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _pseudo_tree(tree):
    if isinstance(tree, dict):
        return {k: _pseudo_tree(v) for k, v in tree.items()}
    return pseudo(str(tree)) if tree is not None else tree


@pytest.fixture
def pseudo_locale(monkeypatch):
    english = languages.language("en")
    monkeypatch.setitem(languages.LANGUAGES, "en-XA", languages.Language(
        "en-XA", "en-XA", "en", english.typeface, english.web_fonts, lambda n: f"№{n}"))
    return "en-XA"


def test_a_pseudo_locale_builds_html_and_pdf(tmp_path, pseudo_locale):
    data, content, templates = tmp_path / "data" / "tiny", tmp_path / "content" / "tiny", tmp_path / "templates"
    shutil.copytree(FIXTURES / "tiny", data)
    shutil.copytree(FIXTURES / "content" / "tiny", content)
    shutil.copytree(ROOT / "templates", templates)
    settings = yaml.safe_load((data / "edition.yaml").read_text(encoding="utf-8"))
    settings["languages"].append(pseudo_locale)
    for key in ("title", "publisher"):
        settings[key][pseudo_locale] = pseudo(settings[key]["en"])
    for level in settings["levels"]:
        level["name"][pseudo_locale] = pseudo(level["name"]["en"])
    for tier in settings.get("tiers", []):
        tier["name"][pseudo_locale] = pseudo(tier["name"]["en"])
    (data / "edition.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    for name in ("framework.csv", "cities.csv", "groups.csv"):
        _pseudo_csv(data / name)
    strings = yaml.safe_load((templates / "strings" / "en.yaml").read_text(encoding="utf-8"))
    (templates / "strings" / f"{pseudo_locale}.yaml").write_text(
        yaml.safe_dump(_pseudo_tree(strings), allow_unicode=True), encoding="utf-8")
    (content / pseudo_locale).mkdir()
    for chapter in (content / "en").glob("*.md"):
        front, body = chapter.read_text(encoding="utf-8").split("---\n", 2)[1:]
        meta = yaml.safe_load(front)
        meta["title"] = pseudo(meta["title"])
        lines = [pseudo(line) if line and not line.startswith(("{%", "{{", "#")) else line
                 for line in body.splitlines()]
        (content / pseudo_locale / chapter.name).write_text(
            "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + "\n".join(lines) + "\n", encoding="utf-8")

    summary = build("tiny", BuildOptions(data_dir=tmp_path / "data", content_dir=tmp_path / "content",
                                         output_dir=tmp_path / "output", templates_dir=templates))
    folder = tmp_path / "output" / "tiny" / pseudo_locale
    soup = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "en-XA"
    assert "«" in soup.select_one("h1.title").get_text()
    assert summary.pages[pseudo_locale] >= 1
    text = "".join(page.extract_text() for page in PdfReader(folder / "report.pdf").pages)
    assert "«Tíñý Tést Íñdéx" in text and "Íllústrátívé dátá" in text
    english = BeautifulSoup((tmp_path / "output/tiny/en/index.html").read_text(encoding="utf-8"), "html.parser")
    assert {a["hreflang"] for a in english.select(".lang-switch a")} == {"zh-Hans", "en-XA"}  # every language
