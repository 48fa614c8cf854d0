"""Every kind of bad input gets a message naming file, line, column, what was found and expected."""

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


def test_unknown_city(tiny):
    edit(tiny / "values.csv", "beta,gdp,50", "omega,gdp,50")
    found = problems(tiny)
    assert any(p.endswith("values.csv, line 3, column 'city': found unknown city 'omega'; "
                          "expected an id from cities.csv") for p in found)
    # and beta's gdp is now missing: reported in the same pass
    assert any("indicator 'gdp': found no value for beta" in p for p in found)


def test_unknown_indicator(tiny):
    edit(tiny / "values.csv", "alpha,firms,10", "alpha,firmz,10")
    assert any(p.endswith("values.csv, line 6, column 'indicator': found unknown indicator 'firmz'; "
                          "expected an id from framework.csv") for p in problems(tiny))


def test_value_for_a_non_input_node(tiny):
    with (tiny / "values.csv").open("a") as fh:
        fh.write("alpha,econ,3,x\n")
    assert only(tiny).endswith("values.csv, line 18, column 'indicator': found 'econ', which is not "
                               "an input node; expected an input indicator: gdp, firms, crime, parks")


def test_duplicate_row(tiny):
    with (tiny / "values.csv").open("a") as fh:
        fh.write("gamma,crime,4,again\n")
    assert only(tiny).endswith("values.csv, line 18, column 'city': found duplicate row for gamma, "
                               "crime; expected one value per city and indicator (first on line 12)")


@pytest.mark.parametrize("bad", ["abc", "inf", "nan", "1,5"])
def test_non_numeric_or_non_finite_value(tiny, bad):
    edit(tiny / "values.csv", "delta,firms,10,", f'delta,firms,"{bad}",')
    found = problems(tiny)
    assert f"values.csv, line 9, column 'value': found {bad!r}; expected a finite number, " \
           "or empty for a missing value" in "\n".join(found)


def test_missing_value_without_imputation_rule(tiny):
    edit(tiny / "values.csv", "delta,parks,0,illustrative\n", "")
    edit(tiny / "values.csv", "gamma,parks,10,", "gamma,parks,,")
    assert only(tiny).endswith("values.csv, indicator 'parks': found no value for gamma, delta; "
                               "expected a value for every city, or a missing rule in framework.csv "
                               "(reweight or group_mean:<attribute>)")


def test_missing_value_with_rule_is_accepted(tiny):
    edit(tiny / "framework.csv", "parks,life,Park area,公园面积,0.5,+,goalposts,min=0;max=40;lo=60;hi=100,,",
         "parks,life,Park area,公园面积,0.5,+,goalposts,min=0;max=40;lo=60;hi=100,,,group_mean:region")
    edit(tiny / "framework.csv", "aggregate,denominator", "aggregate,denominator,missing")
    edit(tiny / "values.csv", "gamma,parks,10,", "gamma,parks,,")
    assert load_edition(tiny).values.query("city == 'gamma' and indicator == 'parks'")["value"].isna().all()


def test_weights_not_summing_to_one(tiny):
    edit(tiny / "framework.csv", "life,overall,Liveability,宜居,0.4", "life,overall,Liveability,宜居,0.5")
    assert only(tiny).endswith("framework.csv, line 3, column 'weight': found weights of the children "
                               "of 'overall' summing to 1.1; expected a sum of 1 (or "
                               "renormalise_weights: true in edition.yaml)")


def test_renormalisation_accepts_any_weight_sum(tiny):
    edit(tiny / "framework.csv", "life,overall,Liveability,宜居,0.4", "life,overall,Liveability,宜居,0.5")
    edit(tiny / "edition.yaml", "precision: 2", "precision: 2\nrenormalise_weights: true")
    load_edition(tiny)


def test_cycle(tiny):
    edit(tiny / "framework.csv", "econ,overall,", "econ,gdp,")
    found = problems(tiny)
    assert any(p.endswith("framework.csv, line 3, column 'parent': found a cycle econ -> gdp -> econ; "
                          "expected a tree: no node may be its own ancestor") for p in found)


def test_orphan(tiny):
    edit(tiny / "framework.csv", "crime,life,", "crime,lfe,")
    assert any(p.endswith("framework.csv, line 7, column 'parent': found unknown parent 'lfe' (orphan "
                          "node 'crime'); expected the id of another node") for p in problems(tiny))


def test_missing_translation_everywhere(tiny):
    edit(tiny / "framework.csv", "Firms,企业数量", "Firms,")
    edit(tiny / "cities.csv", "Gamma,伽马", "Gamma,")
    edit(tiny / "groups.csv", "South,南方", "South,")
    edit(tiny / "edition.yaml", "publisher: {en: cityindex tests, zh: cityindex 测试}",
         "publisher: {en: cityindex tests}")
    found = "\n".join(problems(tiny))
    assert "framework.csv, line 6, column 'name_zh': found no text; expected a translation for 'zh'" in found
    assert "cities.csv, line 4, column 'name_zh': found no text; expected a translation for 'zh'" in found
    assert "groups.csv, line 3, column 'name_zh': found no text; expected a translation for 'zh'" in found
    assert "edition.yaml, key 'publisher': found no text; expected a translation for 'zh'" in found


def test_zero_variance_under_minmax(tiny):
    for city in ("alpha", "beta", "gamma", "delta"):
        text = (tiny / "values.csv").read_text()
        start = text.index(f"{city},firms,")
        end = text.index("\n", start)
        (tiny / "values.csv").write_text(text[:start] + f"{city},firms,7,x" + text[end:])
    assert only(tiny).endswith("values.csv, indicator 'firms': found zero variance (every city has 7); "
                               "expected values that differ between cities, as minmax needs")


def test_unknown_method_lists_known_ones(tiny):
    edit(tiny / "framework.csv", "0.5,+,goalposts", "0.5,+,minmaxx")
    edit(tiny / "framework.csv", "min=0;max=40;lo=60;hi=100", "")
    assert only(tiny).endswith("framework.csv, line 8, column 'normalise': found unknown method "
                               "'minmaxx'; expected one of goalposts, minmax, none, percentile, zscore")


def test_bad_settings_key_has_line(tiny):
    edit(tiny / "edition.yaml", "ties: displayed", "ties: sometimes")
    assert "edition.yaml, line 8, key 'ties': found 'sometimes'; expected Input should be " \
           "'exact' or 'displayed'" in only(tiny)


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
