"""The output formats of a language, as a registry: name -> function(render) -> files (path -> bytes).

`cityindex build --format` takes these names. Each format takes what it needs from the language's
render: the web page its figures, tables and images beside it; the PDF one self-contained file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import pandas as pd

from ..render.cache import key as cache_key
from ..render.fonts import families
from ..render.html import pdf_meta
from ..render.language import LanguageRender
from ..render.pdf import render_pdf
from .files import csv_bytes, xlsx_bytes


def web(render: LanguageRender) -> dict[str, bytes]:
    """index.html, figures/*.svg, tables/*.csv and *.xlsx, and the images the chapters embed."""
    files = {"index.html": render.web_page().encode("utf-8"), **render.figure_files()}
    with render.stage("tables"):
        for placed in render.report.placements.tables:
            table = render.report.tables[placed.key]
            files |= render.memo.get((table,), ("downloads", placed.key),
                                     lambda placed=placed, table=table: downloads(placed.key, table.caption,
                                                                                  table.values, render.kept))
    for chapter in render.report.chapters:
        files |= {asset.name: asset.source.read_bytes() for asset in chapter.assets}
    return files


def downloads(key: str, caption: str, values: pd.DataFrame, kept: dict[str, bytes]) -> dict[str, bytes]:
    """A table's CSV and XLSX; `kept` holds those made before, by content (preview keeps it between edits)."""
    digest = hashlib.sha256(caption.encode() + pd.util.hash_pandas_object(values, index=True).to_numpy().tobytes()
                            + repr(list(values.columns)).encode()).hexdigest()
    if digest not in kept:
        kept[digest] = csv_bytes(values.rename_axis(None))
        kept[digest + ".xlsx"] = xlsx_bytes({caption[:31]: values})
    return {f"tables/{key}.csv": kept[digest], f"tables/{key}.xlsx": kept[digest + ".xlsx"]}


def pdf(render: LanguageRender) -> dict[str, bytes]:
    """report.pdf: fonts embedded and subset, figures and images inside; read from the render cache when
    the page, its fonts, the options and the software are what they were."""
    printed = render.print_page()
    settings = render.settings
    meta = pdf_meta(render.edition, render.lang)
    name = cache_key("pdf", printed, repr(meta), repr(settings.pdf_variant),
                     *(p.name.encode() + p.read_bytes() for p in settings.attachments))
    data, facts = render.disk.get(name + ".pdf"), render.disk.get(name + ".json")
    with render.stage(f"pdf {render.lang}"):
        if data is None or facts is None:
            data, stats = render_pdf(printed, settings.templates, meta, families=families(render.lang),
                                     variant=settings.pdf_variant,
                                     attachments=settings.attachments, allowed=[settings.fonts, settings.templates])
            facts = json.dumps({"pages": stats.pages, "warnings": stats.warnings}).encode()
            render.disk.put(name + ".pdf", data)
            render.disk.put(name + ".json", facts)
    known = json.loads(facts)
    render.pages, render.warnings, render.printed = known["pages"], known["warnings"], printed
    return {"report.pdf": data}


FORMATS: dict[str, Callable[[LanguageRender], dict[str, bytes]]] = {"html": web, "pdf": pdf}
