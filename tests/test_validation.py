"""Validation beyond wording (which tests/test_bad_inputs.py checks): what passes, one pass, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from builder.edition import load_edition
from builder.errors import ValidationError


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(folder: Path) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load_edition(folder)
    return [str(p) for p in info.value.problems]


def only(folder: Path) -> str:
    found = problems(folder)
    assert len(found) == 1, found
    return found[0]


def test_valid_fixture_loads(tiny):
    assert load_edition(tiny).id == "tiny"


def test_missing_value_with_rule_is_accepted(tiny):
    edit(tiny / "framework.csv", "parks,life,Park area,公园面积,0.5,+,goalposts,min=0;max=40;lo=60;hi=100,,",
         "parks,life,Park area,公园面积,0.5,+,goalposts,min=0;max=40;lo=60;hi=100,,,group_mean:region")
    edit(tiny / "framework.csv", "aggregate,denominator", "aggregate,denominator,missing")
    edit(tiny / "values.csv", "gamma,parks,10,", "gamma,parks,,")
    assert load_edition(tiny).values.query("city == 'gamma' and indicator == 'parks'")["value"].isna().all()


def test_renormalisation_accepts_any_weight_sum(tiny):
    edit(tiny / "framework.csv", "life,overall,Liveability,宜居,0.4", "life,overall,Liveability,宜居,0.5")
    edit(tiny / "edition.yaml", "precision: 2", "precision: 2\nrenormalise_weights: true")
    load_edition(tiny)


def test_all_problems_in_one_pass(tiny):
    edit(tiny / "values.csv", "beta,gdp,50", "beta,gdp,fifty")
    edit(tiny / "values.csv", "alpha,firms,10", "alpha,firms,ten")
    edit(tiny / "framework.csv", "Firms,企业数量", "Firms,")
    edit(tiny / "cities.csv", "gamma,Gamma", "gamma,Gamma,")
    assert len(problems(tiny)) >= 3


def test_cli_exits_non_zero_and_writes_nothing(tiny, tmp_path):
    out = tmp_path / "output"
    runner = CliRunner()
    ok = runner.invoke(main, ["score", "tiny", "--data-dir", str(tiny.parent), "--output-dir", str(out)])
    assert ok.exit_code == 0, ok.output
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    edit(tiny / "values.csv", "beta,gdp,50", "beta,gdp,fifty")
    bad = runner.invoke(main, ["score", "tiny", "--data-dir", str(tiny.parent), "--output-dir", str(out)])
    assert bad.exit_code == 1
    assert "Traceback" not in bad.output
    assert "found 'fifty'" in bad.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_cli_writes_nothing_on_first_failure(tiny, tmp_path):
    edit(tiny / "values.csv", "beta,gdp,50", "beta,gdp,fifty")
    out = tmp_path / "output"
    args = ["score", "tiny", "--data-dir", str(tiny.parent), "--output-dir", str(out)]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 1
    assert not out.exists() or not any(out.rglob("*.csv"))


def test_input_level_below_the_framework(tiny):
    edit(tiny / "edition.yaml", "precision: 2", "precision: 2\ninput_level: 5")
    assert only(tiny).endswith("edition.yaml, key 'input_level': found input_level 5; expected a depth of this "
                               "framework, 0 to 2 [framework-input-level]")
