"""Every broken or hostile input of tests/bad_inputs.py: exit 1, no traceback, the exact problems, output intact."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.catalogue import CATALOGUE
from builder.cli import main

from .bad_inputs import BUILD, CASES, Case

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
LINE = re.compile(r"^(?:error: |  - )(.*\[[a-z0-9-]+\])$")


@contextmanager
def working_directory(path: Path):
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def make_project(dest: Path) -> Path:
    """A good project: the tiny edition, its chapters and a copy of the templates."""
    shutil.copytree(FIXTURES / "tiny", dest / "data" / "tiny")
    shutil.copytree(FIXTURES / "content" / "tiny", dest / "content" / "tiny")
    shutil.copytree(ROOT / "templates", dest / "templates")
    return dest


def invoke(root: Path, args: tuple[str, ...]):
    with working_directory(root):
        return CliRunner().invoke(main, list(args))


def tree_hash(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.endswith(".lock")}


def problems_of(output: str) -> list[str]:
    return sorted(m.group(1) for line in output.splitlines() if (m := LINE.match(line)))


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("good"))
    result = invoke(root, BUILD)
    assert result.exit_code == 0, result.output
    return root


def run_case(case: Case, good: Path, scratch: Path):
    root = scratch / "project"
    shutil.copytree(good, root)
    before = tree_hash(root / "output")
    case.apply(root)
    result = invoke(root, case.args)
    return result, before, tree_hash(root / "output")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, good: Path, tmp_path: Path):
    result, before, after = run_case(case, good, tmp_path)
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), \
        f"an exception escaped: {result.exception!r}"
    assert "Traceback" not in result.output
    assert problems_of(result.output) == sorted(case.expected), result.output
    assert after == before, "output/ changed"


def test_every_catalogue_code_has_a_case_or_a_unit_test():
    covered = {re.search(r"\[([a-z0-9-]+)\]$", line).group(1) for case in CASES for line in case.expected}
    assert set(CATALOGUE) - covered - set(UNIT_TESTED) == set()


UNIT_TESTED = {  # codes whose wording another test checks (file::test), for they need more than a broken file
    "language-unregistered": "test_pdf.py::test_unknown_language_lists_the_known_ones",
    "file-too-large": "test_limits.py::test_file_larger_than_the_limit",
    "file-unreadable": "test_limits.py::test_unreadable_file",
    "resource-refused": "test_network.py::test_renderer_refuses_every_request_outside_the_project",
    "font-missing": "test_pdf.py::test_missing_typeface_names_the_package",
    "figure": "test_bad_inputs.py::test_figure_error_is_a_render_problem",
    "score-zero-spread": "test_score.py::test_zero_spread_level_is_a_problem",
    "score-not-positive": "test_score.py::test_geometric_needs_positive_scores",
    "score-normalise": "test_score.py::test_zero_spread_level_is_a_problem",
    "strings-unknown": "test_bad_inputs.py::test_unknown_string_key",
    "strings-placeholder": "test_bad_inputs.py::test_unknown_string_key",
    "release-exists": "test_release.py::test_second_release_of_a_version_is_refused",
    "release-dirty": "test_release.py::test_dirty_tree_is_refused_and_recorded",
    "git": "test_release.py::test_dirty_tree_is_refused_and_recorded",
    "preview-port": "test_preview.py::test_taken_port_is_a_problem",
    "output-unwritable": "test_limits.py::test_unwritable_output",
    "framework-input-level": "test_validation.py::test_input_level_below_the_framework",
}


def test_unknown_string_key():
    from builder.report.strings import Strings, TranslationError

    strings = Strings("en", {"report.figure": "Figure {n}"})
    with pytest.raises(TranslationError) as failure:
        strings("report.figur")
    assert str(failure.value) == ("templates/strings/en.yaml: found no key 'report.figur'; expected a key of "
                                  "templates/strings/en.yaml [strings-unknown]")
    with pytest.raises(TranslationError) as failure:
        strings("report.figure", number=3)
    assert str(failure.value) == ("templates/strings/en.yaml, key 'report.figure': found 'Figure {n}' (KeyError: "
                                  "'n'); expected placeholders among {number} [strings-placeholder]")


def test_figure_error_is_a_render_problem():
    import pandas as pd

    from builder.errors import RenderError
    from builder.render.svg import render_svg
    from builder.report.charts import ChartData

    chart = ChartData("ranking", pd.DataFrame({"city": ["A"]}), {}, "caption", "alt", (3.0, 2.0))
    with pytest.raises(RenderError) as failure:
        render_svg(chart, "en")
    assert str(failure.value) == ("found ranking figure frame: missing column(s) score, rank; found city; expected "
                                  "city, score, rank (optional: change, group, tier); expected data a ranking figure "
                                  "can show [figure]")


def test_formula_in_a_city_name_is_written_as_text(good: Path, tmp_path: Path):
    import openpyxl

    root = tmp_path / "project"
    shutil.copytree(good, root)
    formula = '=HYPERLINK("http://example.com","click")'
    cities = root / "data/tiny/cities.csv"
    cities.write_text(cities.read_text(encoding="utf-8").replace("alpha,Alpha,", 'alpha,"=HYPERLINK(""http://'
                                                                 'example.com"",""click"")",'), encoding="utf-8")
    assert invoke(root, BUILD).exit_code == 0
    book = openpyxl.load_workbook(root / "output/tiny/results.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" and c.value == formula for c in cells)
    csv_text = (root / "output/tiny/results.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text
