"""The tiny edition scored end to end against hand-computed results, and reproducible files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from builder.cli import main
from builder.edition import load_edition
from builder.engine import compute
from builder.engine.score import aggregate_tree, prepare
from builder.errors import ScoringError


@pytest.fixture
def results(tiny) -> pd.DataFrame:
    return compute(load_edition(tiny)).city.set_index(["indicator_id", "city_id"])


def test_hand_computed_scores(results):
    # gdp per capita = gdp / population: 100, 50, 100, 50 -> min-max [60, 100]
    assert results.loc[("gdp", "alpha"), "score"] == 100
    assert results.loc[("gdp", "beta"), "score"] == 60
    # crime is reverse: 5, 1, 3, 5 -> 60, 100, 80, 60
    assert list(results.loc["crime"].loc[["alpha", "beta", "gamma"], "score"]) == [60, 100, 80]
    # parks by goalposts [0, 40] with clipping: 20 -> 80, 50 -> 100, 10 -> 70, 0 -> 60
    assert list(results.loc["parks"].loc[["alpha", "beta", "gamma", "delta"], "score"]) == [80, 100, 70, 60]
    # overall = 0.6 economy + 0.4 liveability; alpha: 0.6 * 80 + 0.4 * 70
    assert results.loc[("overall", "alpha"), "score"] == pytest.approx(76)


def test_ties_and_markers(results):
    econ = results.loc["econ"]
    assert list(econ.sort_values("rank")["rank"]) == [1, 2, 2, 4]
    overall = results.loc["overall"]
    assert overall.loc["beta", "change"] == "rise" and overall.loc["beta", "rank_change"] == 1
    assert overall.loc["alpha", "change"] == "drop" and overall.loc["alpha", "rank_change"] == -2
    assert overall.loc["delta", "change"] == "new" and pd.isna(overall.loc["delta", "previous_rank"])
    assert (results.loc["econ", "change"] == "").all()  # no previous ranks for this indicator


def test_tiers_and_group_ranks(results):
    overall = results.loc["overall"]
    assert dict(overall["tier"]) == {"beta": "top25", "gamma": "top50", "alpha": "", "delta": ""}
    assert dict(overall["rank_region"]) == {"beta": 1, "alpha": 2, "gamma": 1, "delta": 2}


def test_results_columns_and_order(tiny):
    res = compute(load_edition(tiny)).city
    assert list(res.columns[:7]) == ["city_id", "city", "indicator_id", "indicator", "level", "score", "rank"]
    assert list(res["indicator_id"].drop_duplicates()) == ["overall", "econ", "gdp", "firms", "life",
                                                           "crime", "parks"]
    assert res.loc[0, "indicator"] == "Overall"


def test_score_command_writes_identical_bytes_twice(tiny, tmp_path, monkeypatch):
    import datetime as dt
    outputs = []
    for run, moment in (("a", dt.datetime(2030, 1, 1)), ("b", dt.datetime(2031, 6, 1))):
        # a different wall clock for each run: no file may record when it was written
        class Clock(dt.datetime):
            fixed = moment

            @classmethod
            def now(cls, tz=None):
                return cls.fixed
        monkeypatch.setattr("openpyxl.writer.excel.datetime.datetime", Clock)
        out = tmp_path / run
        res = CliRunner().invoke(main, ["score", str(tiny), "--output-dir", str(out)])
        assert res.exit_code == 0, res.output
        outputs.append({p.name: p.read_bytes() for p in (out / "tiny").iterdir()})
    assert set(outputs[0]) == {"results.csv", "results.xlsx"}
    assert outputs[0] == outputs[1]


def test_xlsx_has_one_sheet_per_level(tiny, tmp_path):
    CliRunner().invoke(main, ["score", str(tiny), "--output-dir", str(tmp_path)])
    sheets = pd.read_excel(tmp_path / "tiny" / "results.xlsx", sheet_name=None)
    assert list(sheets) == ["Overall", "Pillar", "Indicator"]
    assert len(sheets["Indicator"]) == 4  # a row per city
    assert list(sheets["Pillar"].columns) == ["city_id", "city", "Economy (econ): score", "Economy (econ): rank",
                                              "Liveability (life): score", "Liveability (life): rank", "data"]
    assert list(sheets["Overall"]["city_id"]) == ["beta", "gamma", "alpha", "delta"]  # overall rank order
    long = compute(load_edition(tiny)).city.set_index(["indicator_id", "city_id"])
    wide = sheets["Indicator"].set_index("city_id")
    for city in wide.index:
        assert wide.loc[city, "Crime rate (crime): score"] == pytest.approx(long.loc[("crime", city), "score"])
        assert wide.loc[city, "Crime rate (crime): rank"] == long.loc[("crime", city), "rank"]
    assert (sheets["Overall"]["data"] == "illustrative, not published").all()


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_zero_spread_level_is_a_problem(tiny):
    _edit(tiny / "edition.yaml", "  - name: {en: Pillar, zh: 支柱}",
          "  - name: {en: Pillar, zh: 支柱}\n    rescale: {method: minmax, lo: 60, hi: 100}")
    edition = load_edition(tiny)
    columns = {nid: np.full(4, 70.0) for nid in edition.framework.inputs}  # every city alike on every input
    with pytest.raises(ScoringError) as failure:
        aggregate_tree(prepare(edition), columns)
    assert str(failure.value) == ("edition.yaml, indicator 'econ': found every city with the same score on 'econ'; "
                                  "expected scores that differ, so that level 1 can be rescaled onto [60, 100] "
                                  "[score-zero-spread]")


def test_geometric_needs_positive_scores(tiny):
    _edit(tiny / "framework.csv", "econ,overall,Economy,经济,0.6,,,,,", "econ,overall,Economy,经济,0.6,,,,geometric,")
    _edit(tiny / "framework.csv", "gdp,econ,GDP per capita,人均GDP,0.5,+,,,,",
          "gdp,econ,GDP per capita,人均GDP,0.5,+,minmax,lo=0;hi=100,,")
    with pytest.raises(ScoringError) as failure:
        compute(load_edition(tiny))
    assert str(failure.value).endswith("framework.csv, line 3, indicator 'econ': found scores <= 0 under geometric "
                                            "aggregation; expected scores > 0: a normalisation onto a positive range "
                                       "[score-not-positive]")


def test_score_verb_imports_no_renderer(tiny, tmp_path):
    """`cityindex score` needs neither the PDF renderer, nor the figures, nor the preview's file watcher."""
    import subprocess
    import sys
    code = ("import sys; from click.testing import CliRunner; from builder.cli import main; "
            f"r = CliRunner().invoke(main, ['score', {str(tiny)!r}, '--output-dir', {str(tmp_path)!r}]); "
            "assert r.exit_code == 0, r.output; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'weasyprint', 'matplotlib', 'watchfiles', "
            "'figures', 'jinja2', 'markdown_it'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
