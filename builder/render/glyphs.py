"""Characters a report would show that its language's typeface cannot draw, traced to the input files.

Checked before anything is drawn, so that a city name with an emoji fails with the file, line and
column it came from rather than with a box in the PDF (pdf.py keeps a last check on the laid-out
pages, for anything that slips past this one).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from ..edition.read import display_path
from ..errors import Problem, RenderError, problem
from ..languages import language
from .fonts import covered

MAX_PLACES = 5  # occurrences named per character


def needs_glyph(char: str) -> bool:
    """Spaces, controls and format characters (soft hyphen, zero-width space, joiners) draw nothing."""
    return unicodedata.category(char) not in {"Zs", "Zl", "Zp", "Cc", "Cf"}


def describe(char: str) -> str:
    return f"U+{ord(char):04X} {char!r} ({unicodedata.name(char, 'unnamed')})"


def check_text(text: str, lang: str, sources: Iterable[Path], what: str) -> None:
    """Raise RenderError naming, for every character of `text` that none of the typefaces of `lang` has,
    where the sources hold it; `what` says what would have shown it (e.g. "the PDF", "figure ranking-overall")."""
    families = " or ".join(face.family for face in language(lang).typefaces)
    missing = sorted({c for c in set(text) if needs_glyph(c)} - covered(lang))
    if not missing:
        return
    problems: list[Problem] = []
    files = list(sources)
    for char in missing:
        places = list(_places(char, files))[:MAX_PLACES]
        shown = f"{describe(char)}, which {what} would show"
        problems += [problem("glyph-missing", file, line, column, char=shown, typeface=families)
                     for file, line, column in places] or \
                    [problem("glyph-missing", "", None, None, char=shown, typeface=families)]
    raise RenderError(problems)


def _places(char: str, files: list[Path]) -> Iterable[tuple[str, int, str | None]]:
    """(file, line, column) of every occurrence of `char`: the CSV column's name, else None."""
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if char not in text:
            continue
        shown = display_path(path)
        if path.suffix == ".csv":
            reader = csv.reader(io.StringIO(text, newline=""))
            header = next(reader, [])
            start = 2
            for record in reader:
                for i, cell in enumerate(record):
                    if char in cell:
                        yield shown, start + cell[:cell.index(char)].count("\n"), header[i] if i < len(header) \
                            else None
                start = reader.line_num + 1
        else:
            for number, line in enumerate(text.splitlines(), start=1):
                if char in line:
                    yield shown, number, None


def input_files(edition_dir: Path, content_dir: Path, strings: Path, lang: str) -> list[Path]:
    """The files whose text a language's report shows: the edition's, its chapters, its strings."""
    files = sorted(p for p in edition_dir.iterdir() if p.suffix in (".csv", ".yaml", ".md"))
    return [*files, *sorted(content_dir.glob("*.md")), *sorted(content_dir.glob("*.yaml")), strings / f"{lang}.yaml"]
