"""The output formats of a language, as a registry: name -> function(render) -> files (path -> bytes).

`cityindex build --format` takes these names. Each format takes what it needs from the language's
render: the web page its figures, tables and images beside it; the PDF one self-contained file.
"""

from __future__ import annotations

from collections.abc import Callable

from ..render.html import pdf_meta
from ..render.language import LanguageRender
from ..render.pdf import render_pdf
from .files import csv_bytes, xlsx_bytes


def web(render: LanguageRender) -> dict[str, bytes]:
    """index.html, figures/*.svg, tables/*.csv and *.xlsx, and the images the chapters embed."""
    files = {"index.html": render.web_page().encode("utf-8"), **render.figure_files()}
    for placed in render.report.placements.tables:
        table = render.report.tables[placed.key]
        files[f"tables/{placed.key}.csv"] = csv_bytes(table.values.rename_axis(None))
        files[f"tables/{placed.key}.xlsx"] = xlsx_bytes({table.caption[:31]: table.values})
    for chapter in render.report.chapters:
        files |= {asset.name: asset.source.read_bytes() for asset in chapter.assets}
    return files


def pdf(render: LanguageRender) -> dict[str, bytes]:
    """report.pdf: fonts embedded and subset, figures and images inside."""
    printed = render.print_page()
    settings = render.settings
    with render.stage(f"pdf {render.lang}"):
        data, stats = render_pdf(printed, settings.templates, pdf_meta(render.edition, render.lang),
                                 variant=settings.pdf_variant, attachments=settings.attachments,
                                 allowed=[settings.fonts, settings.templates])
    render.pages, render.warnings, render.printed = stats.pages, stats.warnings, printed
    return {"report.pdf": data}


FORMATS: dict[str, Callable[[LanguageRender], dict[str, bytes]]] = {"html": web, "pdf": pdf}
