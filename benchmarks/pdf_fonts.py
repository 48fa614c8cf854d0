"""Benchmark: the same ~30-page report as English and as Chinese HTML into PDFs, and their write times.

Prints the write time of each PDF (render and write, fonts from a warm subset cache) and the
ratio zh/en, all measured in this one run. Goal: ratio <= 1.5. The cold time includes building
the font subsets; the warm times are the median of --repeat writes, interleaved. The text is
synthetic (illustrative), generated with a fixed seed.

--baseline also times the naive way: the installed fonts named in the CSS, the whole 20 MB Noto
CJK collection subset by WeasyPrint. --without-harfbuzz-subset makes WeasyPrint behave as on a
system without libharfbuzz-subset0 (it then subsets with fontTools, which is where the naive
way costs several times more for Chinese).

    python benchmarks/pdf_fonts.py [--repeat 3] [--rows 40] [--keep DIR] [--baseline] [--whole-fonts]
                                   [--without-harfbuzz-subset]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import random
import statistics
import tempfile
import time
from pathlib import Path

import weasyprint.pdf.fonts
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

import builder.render.pdf
from builder.languages import language
from builder.render.fonts import FAMILY, font_face_css
from builder.render.pdf import PdfMeta, PdfStats, write_pdf

ROOT = Path(__file__).resolve().parent.parent
PRINT_CSS = ROOT / "templates" / "print.css"

CITIES = [
    ("New York", "纽约"), ("London", "伦敦"), ("Tokyo", "东京"), ("Paris", "巴黎"), ("Singapore", "新加坡"),
    ("Beijing", "北京"), ("Shanghai", "上海"), ("Hong Kong", "香港"), ("Boston", "波士顿"), ("Seoul", "首尔"),
    ("San Francisco", "旧金山"), ("Los Angeles", "洛杉矶"), ("Shenzhen", "深圳"), ("Berlin", "柏林"),
    ("Sydney", "悉尼"), ("Toronto", "多伦多"), ("Chicago", "芝加哥"), ("Amsterdam", "阿姆斯特丹"),
    ("Zurich", "苏黎世"), ("Munich", "慕尼黑"), ("Stockholm", "斯德哥尔摩"), ("Guangzhou", "广州"),
    ("Hangzhou", "杭州"), ("Dubai", "迪拜"), ("Melbourne", "墨尔本"), ("Osaka", "大阪"), ("Madrid", "马德里"),
    ("Washington", "华盛顿"), ("Seattle", "西雅图"), ("Copenhagen", "哥本哈根"),
]
WORDS = ["city", "index", "talent", "capital", "innovation", "research", "output", "patents", "universities",
         "firms", "venture", "policy", "infrastructure", "openness", "growth", "weighted", "score", "rank",
         "indicator", "framework", "edition", "data"]
# Common Chinese characters, so that the Chinese text needs a realistic number of distinct glyphs.
HANZI = "".join(chr(code) for code in range(0x4E00, 0x9FA6))[::9]


def sentence(rng: random.Random, lang: str) -> str:
    if lang == "zh":
        body = "".join(rng.choice(HANZI) for _ in range(rng.randint(14, 40)))
        city = rng.choice(CITIES)[1]
        return f"{body[:8]}{city}{body[8:]}，{rng.randint(10, 99)}.{rng.randint(0, 99):02d}%。"
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    words.insert(3, rng.choice(CITIES)[0])
    return " ".join(words).capitalize() + f", {rng.randint(10, 99)}.{rng.randint(0, 99):02d}%."


def paragraph(rng: random.Random, lang: str) -> str:
    joiner = "" if lang == "zh" else " "
    return f"<p>{html.escape(joiner.join(sentence(rng, lang) for _ in range(rng.randint(3, 7))))}</p>"


def build_html(lang: str, rows: int, seed: int = 2024) -> str:
    """A report with a cover, a contents page, four prose chapters and an appendix table."""
    rng = random.Random(seed)
    zh = lang == "zh"
    title = "全球科技创新中心指数 2024" if zh else "Global Innovation Cities Index 2024"
    chapters = [(f"ch{i}", f"第{i}章 概述" if zh else f"Chapter {i}: Overview") for i in range(1, 5)]
    toc = "".join(f'<li><a href="#{cid}">{name}</a><ol><li><a href="#{cid}-s">'
                  f'{"主要发现" if zh else "Key findings"}</a></li></ol></li>' for cid, name in chapters)
    body = []
    for cid, name in chapters:
        prose = "".join(paragraph(rng, lang) for _ in range(6))
        more = "".join(paragraph(rng, lang) for _ in range(6))
        findings = "主要发现" if zh else "Key findings"
        body.append(f'<section class="chapter" id="{cid}"><h1>{name}</h1>{prose}'
                    f'<h2 id="{cid}-s">{findings}</h2>{more}</section>')
    head = ("<th>城市</th><th>指标</th><th class=num>原始值</th><th class=num>得分</th><th class=num>排名</th>" if zh
            else "<th>City</th><th>Indicator</th><th class=num>Raw</th><th class=num>Score</th><th class=num>Rank</th>")
    table_rows = []
    for index, names in enumerate(CITIES):
        for row in range(rows):
            indicator = f"指标 {row + 1}" if zh else f"Indicator {row + 1}"
            table_rows.append(
                f"<tr><td>{names[1] if zh else names[0]}</td><td>{indicator}</td>"
                f"<td class=num>{rng.uniform(0, 1e4):,.2f}</td><td class=num>{rng.uniform(60, 100):.2f}</td>"
                f"<td class=num>{index + 1}</td></tr>")
    appendix = "附录：数据表" if zh else "Appendix: data tables"
    body.append(f'<section class="chapter appendix" id="appendix"><h1>{appendix}</h1>'
                f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(table_rows)}</tbody></table>'
                "</section>")
    notice = "示例数据，仅供演示。" if zh else "Illustrative data, for demonstration only."
    return (f'<!DOCTYPE html><html lang="{"zh-Hans" if zh else "en"}"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body>"
            f'<p class="banner-illustrative">{notice}</p>'
            f'<header class="cover"><h1 class="title running-title">{title}</h1>'
            f'<p class="subtitle">{"城市排名与指标" if zh else "City rankings and indicators"}</p>'
            f'<p class="publisher">Example Institute</p><p class="year">2024</p></header>'
            f'<nav class="toc"><h1>{"目录" if zh else "Contents"}</h1><ol>{toc}'
            f'<li><a href="#appendix">{appendix}</a></li></ol></nav>'
            f'{"".join(body)}</body></html>')


def write(lang: str, document: str, folder: Path, cache: Path, full_fonts: bool | None) -> PdfStats:
    css = PRINT_CSS.read_text(encoding="utf-8")
    fonts = font_face_css(lang, document + css, cache)
    meta = PdfMeta(title=f"Benchmark ({lang})", lang=lang, authors=["cityindex"], subject="benchmark",
                   keywords=["benchmark"], created=dt.datetime(2024, 1, 1))
    return write_pdf(document, ROOT, folder / f"report-{lang}.pdf", meta, stylesheets=[fonts, css],
                     full_fonts=full_fonts, allowed=[ROOT, cache])


def write_naive(lang: str, document: str) -> float:
    """The time to write the report with the installed fonts, which WeasyPrint subsets itself."""
    css = PRINT_CSS.read_text(encoding="utf-8").replace(f'"{FAMILY}"', f'"{language(lang).typeface.family}"')
    start = time.perf_counter()
    font_config = FontConfiguration()
    HTML(string=document, base_url=str(ROOT)).render(
        stylesheets=[CSS(string=css, font_config=font_config)], font_config=font_config).write_pdf()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=40, help="table rows per city (30 cities)")
    parser.add_argument("--keep", type=Path, help="write the PDFs and the font cache here")
    parser.add_argument("--baseline", action="store_true", help="also time the naive way, once per language")
    parser.add_argument("--whole-fonts", action="store_true",
                        help="embed the subsets whole (full_fonts), as write_pdf does without HarfBuzz's subsetter")
    parser.add_argument("--without-harfbuzz-subset", action="store_true",
                        help="make WeasyPrint subset with fontTools, as where libharfbuzz-subset0 is missing")
    args = parser.parse_args()
    if args.without_harfbuzz_subset:
        weasyprint.pdf.fonts.harfbuzz_subset = None
        builder.render.pdf.HARFBUZZ_SUBSET = False
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        cache = folder / "font-cache"
        full_fonts = True if args.whole_fonts else None
        hb_subset = builder.render.pdf.HARFBUZZ_SUBSET
        print(f"HarfBuzz subsetter: {'yes' if hb_subset else 'no'}; "
              f"fonts embedded {'whole' if (full_fonts or not hb_subset) else 'subset again by WeasyPrint'}")
        documents = {lang: build_html(lang, args.rows) for lang in ("en", "zh")}
        times: dict[str, list[float]] = {"en": [], "zh": []}
        for lang, document in documents.items():
            start = time.perf_counter()
            stats = write(lang, document, folder, cache, full_fonts)
            cold = time.perf_counter() - start
            print(f"{lang}: {stats.pages} pages, fonts {', '.join(stats.fonts)}, "
                  f"{(folder / f'report-{lang}.pdf').stat().st_size / 1024:.0f} KiB, "
                  f"cold (subsets built) {cold:.2f} s, warnings: {len(stats.warnings)}")
            for warning in stats.warnings[:5]:
                print(f"    warning: {warning}")
        for _ in range(args.repeat):
            for lang, document in documents.items():  # interleaved, so drift hits both alike
                times[lang].append(write(lang, document, folder, cache, full_fonts).seconds)
        en, zh = statistics.median(times["en"]), statistics.median(times["zh"])
        print(f"en: {en:.2f} s  zh: {zh:.2f} s  (median of {args.repeat}, warm font cache)")
        print(f"ratio zh/en: {zh / en:.2f}  (goal <= 1.5)")
        if args.baseline:
            naive = {lang: write_naive(lang, document) for lang, document in documents.items()}
            print(f"naive (installed fonts, WeasyPrint subsets): en: {naive['en']:.2f} s  zh: {naive['zh']:.2f} s  "
                  f"ratio zh/en: {naive['zh'] / naive['en']:.2f}")


if __name__ == "__main__":
    main()
