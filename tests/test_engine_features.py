"""The engine's features end to end through the files: small editions written into tmp_path, each scored
by `load_edition` + `compute` (and results.csv where a column of it is the point), against numbers worked
out by hand in the comments."""

from __future__ import annotations

import math
from pathlib import Path
from textwrap import dedent

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from builder.analysis.audit import audit, report_text
from builder.cli import main
from builder.edition import load_edition
from builder.engine import compute
from builder.errors import ValidationError

SETTINGS = {
    "year": 2024, "languages": ["en"], "title": {"en": "Feature test"}, "publisher": {"en": "tests"},
    "illustrative": True, "ties": "exact", "precision": 2,
    "levels": [{"name": {"en": "Overall"}}, {"name": {"en": "Pillar"}}, {"name": {"en": "Indicator"}}],
    "defaults": {"normalise": "minmax", "normalise_params": {"lo": 0, "hi": 100}, "aggregate": "arithmetic",
                 "missing": "error"},
}


def rows(indicator: str, cells: str) -> list[str]:
    """values.csv rows from `a=10 b= c=n/a` (b: an empty, missing value); `a@2023=10` for a panel year."""
    out = []
    for cell in cells.split():
        who, _, value = cell.partition("=")
        city, _, year = who.partition("@")
        out.append(f"{city},{indicator},{value},test" + (f",{year}" if year else ""))
    return out


def write_edition(folder: Path, framework: str, values: list[str], cities: str = "a b c d",
                  panel: bool = False, published: str | None = None, **settings: object) -> Path:
    """An edition folder: `framework` as CSV text, `values` from rows(), cities by id (or as CSV text)."""
    folder.mkdir(parents=True)
    (folder / "edition.yaml").write_text(yaml.safe_dump({"id": folder.name, **SETTINGS, **settings}),
                                         encoding="utf-8")
    (folder / "framework.csv").write_text(dedent(framework).strip() + "\n", encoding="utf-8")
    if "," not in cities:
        cities = "id,name_en\n" + "".join(f"{c},City {c.upper()}\n" for c in cities.split())
    (folder / "cities.csv").write_text(dedent(cities).strip() + "\n", encoding="utf-8")
    header = "city,indicator,value,source" + (",year" if panel else "")
    (folder / "values.csv").write_text("\n".join([header, *values]) + "\n", encoding="utf-8")
    if published is not None:
        (folder / "published.csv").write_text(dedent(published).strip() + "\n", encoding="utf-8")
    return folder


def scored(folder: Path):
    edition = load_edition(folder)
    return edition, compute(edition)


def wide(results, column: str = "score") -> pd.DataFrame:
    return results.city.pivot(index="city_id", columns="indicator_id", values=column)


def results_csv(folder: Path, out: Path) -> pd.DataFrame:
    """`cityindex score` on the folder; results.csv read back, indexed by (city_id, indicator_id)."""
    run = CliRunner().invoke(main, ["score", str(folder), "--output-dir", str(out)])
    assert run.exit_code == 0, run.output
    frame = pd.read_csv(out / folder.name / "results.csv", keep_default_na=False, dtype=str)
    return frame.set_index(["city_id", "indicator_id"])


# 1 -------------------------------------------------------------------------------------------------------------

PANEL = """\
    id,parent,name_en,weight,missing
    overall,,Overall,,
    x,overall,X,0.5,{rule}
    y,overall,Y,0.5,
"""


def test_panel_years_latest_and_max_age(tmp_path: Path):
    # reference year 2023 (data_year), max_age 0; x's rule latest:2 lets it reach back to 2021.
    # x: a 2023 = 10; b has 2023 empty, so 2022 = 20; c 2021 = 30 (2 years old) and 2024 = 99 (after the
    # reference year: ignored). y (max_age 0): 2023 only; a's 2022 value is older than the 2023 one.
    values = [*rows("x", "a@2023=10 b@2023= b@2022=20 c@2021=30 c@2024=99"),
              *rows("y", "a@2022=100 a@2023=3 b@2023=1 c@2023=2")]
    folder = write_edition(tmp_path / "panel", PANEL.format(rule="latest:2"), values, "a b c", panel=True,
                           data_year=2023)
    _, results = scored(folder)
    s = wide(results)
    # x 10, 20, 30 -> 0, 50, 100; y 3, 1, 2 -> 100, 0, 50; overall (x + y) / 2 = 50, 25, 75
    np.testing.assert_allclose(s.loc[["a", "b", "c"], "x"], [0, 50, 100])
    np.testing.assert_allclose(s.loc[["a", "b", "c"], "y"], [100, 0, 50])
    np.testing.assert_allclose(s.loc[["a", "b", "c"], "overall"], [50, 25, 75])
    table = results_csv(folder, tmp_path / "out")
    assert [table.at[(c, "x"), "year"] for c in "abc"] == ["2023", "2022", "2021"]
    assert [table.at[(c, "y"), "year"] for c in "abc"] == ["2023", "2023", "2023"]
    assert table.at[("a", "overall"), "year"] == ""


def test_panel_value_older_than_allowed_is_missing(tmp_path: Path):
    # c's only x is from 2020: 3 years before 2023, older than latest:2 allows, so it is missing
    values = [*rows("x", "a@2023=10 b@2022=20 c@2020=30"), *rows("y", "a@2023=3 b@2023=1 c@2023=2")]
    folder = write_edition(tmp_path / "old", PANEL.format(rule="latest:2|reweight"), values, "a b c",
                           panel=True, data_year=2023)
    _, results = scored(folder)
    s = wide(results)
    # x over a, b: 0, 100; c has none, so its overall is y alone: 50
    assert math.isnan(s.at["c", "x"])
    np.testing.assert_allclose(s.loc[["a", "b", "c"], "overall"], [(0 + 100) / 2, (100 + 0) / 2, 50])
    # the same with rule error: a ValidationError that names values.csv, the indicator and the city
    strict = write_edition(tmp_path / "strict", PANEL.format(rule="latest:2"), values, "a b c", panel=True,
                           data_year=2023)
    with pytest.raises(ValidationError) as err:
        load_edition(strict)
    message = str(err.value)
    assert "values.csv" in message and "no value for c in 2023 or the 2 years before" in message


# 2 -------------------------------------------------------------------------------------------------------------

def test_computed_inputs(tmp_path: Path):
    framework = """\
        id,parent,name_en,weight,normalise,compute
        overall,,Overall,,,
        r,overall,Ratio,0.2,none,"ratio(gdp, population)"
        g,overall,Growth,0.2,none,"growth(gdp, 2)"
        t,overall,Trend,0.2,none,"trend(x, 3)"
        d,overall,Difference,0.2,none,"difference(u, v)"
        p,overall,Product,0.2,none,"product(u, v)"
    """
    values = [*rows("gdp", "a@2021=100 a@2022=110 a@2023=121 b@2021=400 b@2023=441"),
              *rows("population", "a@2023=11 b@2023=21"),
              *rows("x", "a@2021=1 a@2022=3 a@2023=5 b@2019=50 b@2020=10 b@2023=4"),
              *rows("u", "a@2023=5 b@2023=-1"), *rows("v", "a@2023=2 b@2023=4")]
    folder = write_edition(tmp_path / "computed", framework, values, "a b", panel=True, data_year=2023)
    _, results = scored(folder)
    s = wide(results)
    # ratio: 121 / 11 = 11, 441 / 21 = 21
    np.testing.assert_allclose(s.loc[["a", "b"], "r"], [11, 21])
    # growth over 2 years: 100 ((121/100)^(1/2) - 1) = 10 %, 100 ((441/400)^(1/2) - 1) = 5 %
    np.testing.assert_allclose(s.loc[["a", "b"], "g"], [10, 5])
    # trend over 2020..2023: a 1, 3, 5 in 2021-23: slope 2; b 10 (2020), 4 (2023): (4 - 10) / 3 = -2 (2019 is
    # outside the window)
    np.testing.assert_allclose(s.loc[["a", "b"], "t"], [2, -2])
    # difference 5 - 2 = 3, -1 - 4 = -5; product 5 x 2 = 10, -1 x 4 = -4
    np.testing.assert_allclose(s.loc[["a", "b"], "d"], [3, -5])
    np.testing.assert_allclose(s.loc[["a", "b"], "p"], [10, -4])
    # overall (11 + 10 + 2 + 3 + 10) / 5 = 7.2; (21 + 5 - 2 - 5 - 4) / 5 = 3
    np.testing.assert_allclose(s.loc[["a", "b"], "overall"], [7.2, 3])


def test_computed_input_not_applicable_and_a_default_method_without_params(tmp_path: Path):
    # defaults.normalise none without normalise_params: the built-in lo/hi are minmax's and do not go to none
    framework = """\
        id,parent,name_en,weight,compute
        overall,,Overall,,
        r,overall,Ratio,0.5,"ratio(u, v)"
        w,overall,W,0.5,
    """
    # a: u was n/a in 2019, but 2023 (the reference year) has 6: r = 6 / 2 = 3, as w takes a's 2023 value;
    # b: u is n/a in 2023, so r is n/a for b
    values = [*rows("u", "a@2019=n/a a@2023=6 b@2023=n/a"), *rows("v", "a@2023=2 b@2023=2"),
              *rows("w", "a@2019=n/a a@2023=1 b@2023=2")]
    defaults = {"normalise": "none", "missing": "error"}
    folder = write_edition(tmp_path / "computed-na", framework, values, "a b", panel=True, data_year=2023,
                           defaults=defaults)
    edition, results = scored(folder)
    assert edition.framework.nodes["w"].normalise_params == {}
    s = wide(results)
    assert s.at["a", "r"] == pytest.approx(3) and math.isnan(s.at["b", "r"])
    # overall: a (3 + 1) / 2 = 2; b = w alone = 2
    np.testing.assert_allclose(s.loc[["a", "b"], "overall"], [2, 2])
    status = results.city.set_index(["city_id", "indicator_id"])["status"]
    assert status[("b", "r")] == "n/a" and status[("a", "r")] == ""
    # a default parameter the default method does not take is a validation problem, not a crash
    wrong = write_edition(tmp_path / "wrong-default", framework, values, "a b", panel=True, data_year=2023,
                          defaults={**defaults, "normalise_params": {"lo": 0}})
    with pytest.raises(ValidationError, match=r"defaults\.normalise_params\.lo"):
        load_edition(wrong)


# 3 -------------------------------------------------------------------------------------------------------------

def test_not_applicable(tmp_path: Path):
    framework = """\
        id,parent,name_en,weight
        overall,,Overall,
        p1,overall,P1,0.5
        i1,p1,I1,0.75
        i2,p1,I2,0.25
        p2,overall,P2,0.5
        i3,p2,I3,0.5
        i4,p2,I4,0.5
    """
    values = [*rows("i1", "a=10 b=0 c=20"), *rows("i2", "a=n/a b=10 c=5"),
              *rows("i3", "a=5 b=n/a c=15"), *rows("i4", "a=2 b=N/A c=0")]
    folder = write_edition(tmp_path / "na", framework, values, "a b c")
    _, results = scored(folder)
    s = wide(results)
    # i1: 10, 0, 20 -> 50, 0, 100; i2 over b, c only: 10, 5 -> 100, 0 (a n/a: no score)
    assert math.isnan(s.at["a", "i2"])
    np.testing.assert_allclose(s.loc[["b", "c"], "i2"], [100, 0])
    # p1: a = i1 alone, reweighted: 50 (not 0.75 x 50 = 37.5); b 0.75 x 0 + 0.25 x 100 = 25; c 75
    np.testing.assert_allclose(s.loc[["a", "b", "c"], "p1"], [50, 25, 75])
    # p2: both children n/a for b -> p2 n/a; a (0 + 100) / 2 = 50, c (100 + 0) / 2 = 50
    assert math.isnan(s.at["b", "p2"])
    # overall: a (50 + 50) / 2 = 50; b = p1 alone = 25; c (75 + 50) / 2 = 62.5
    np.testing.assert_allclose(s.loc[["a", "b", "c"], "overall"], [50, 25, 62.5])
    table = results_csv(folder, tmp_path / "out")
    assert table.at[("a", "i2"), "status"] == "n/a" and table.at[("a", "i2"), "rank"] == ""
    assert [table.at[("b", n), "status"] for n in ("i3", "i4", "p2")] == ["n/a"] * 3
    assert table.at[("b", "overall"), "status"] == "" and table.at[("b", "overall"), "rank"] == "3"


# 4 -------------------------------------------------------------------------------------------------------------

REGIONS = """\
    id,name_en,region
    a,A,north
    b,B,north
    c,C,south
    d,D,south
    e,E,south
    f,F,south
"""


def test_imputation_rules(tmp_path: Path):
    framework = """\
        id,parent,name_en,weight,normalise,missing
        overall,,Overall,,,
        m,overall,Mean,0.2,none,mean
        md,overall,Median,0.2,none,median
        gm,overall,Group mean,0.2,none,group_mean:region
        gmd,overall,Group median,0.2,none,group_median:region
        lt,overall,Latest then median,0.2,none,latest:1|median
    """
    values = [*rows("m", "a@2024=1 b@2024=2 c@2024=3 d@2024=6 e@2024=8 f@2024="),
              *rows("md", "a@2024=1 b@2024=2 c@2024=3 d@2024=10"),
              *rows("gm", "a@2024=2 c@2024=3 d@2024=6 f@2024=9"),
              *rows("gmd", "a@2024=4 d@2024=1 e@2024=3 f@2024=10"),
              *rows("lt", "a@2024=5 b@2023=7 c@2022=100 d@2024=1 e@2024=3 f@2024=9")]
    folder = write_edition(tmp_path / "impute", framework, values, REGIONS, panel=True)
    _, results = scored(folder)
    s = wide(results)
    # mean: f = (1 + 2 + 3 + 6 + 8) / 5 = 4
    assert s.at["f", "m"] == pytest.approx(4)
    # median: e and f = median(1, 2, 3, 10) = 2.5
    assert s.at["e", "md"] == pytest.approx(2.5) and s.at["f", "md"] == pytest.approx(2.5)
    # group mean: b = north mean (2) = 2; e = south mean (3 + 6 + 9) / 3 = 6
    assert s.at["b", "gm"] == pytest.approx(2) and s.at["e", "gm"] == pytest.approx(6)
    # group median: b = north median (4) = 4; c = south median (1, 3, 10) = 3
    assert s.at["b", "gmd"] == pytest.approx(4) and s.at["c", "gmd"] == pytest.approx(3)
    # latest:1|median: b takes 2023's 7; c's 2022 value is 2 years old, so c is missing and gets the
    # median of 5, 7, 1, 3, 9 = 5
    assert s.at["b", "lt"] == pytest.approx(7) and s.at["c", "lt"] == pytest.approx(5)
    # overall of c: (3 + 3 + 3 + 3 + 5) / 5 = 3.4
    assert s.at["c", "overall"] == pytest.approx((3 + 3 + 3 + 3 + 5) / 5)
    table = results_csv(folder, tmp_path / "out")
    imputed = sorted(k for k, v in table["status"].items() if v == "imputed")
    assert imputed == [("b", "gm"), ("b", "gmd"), ("c", "gmd"), ("c", "lt"), ("e", "gm"), ("e", "md"),
                       ("f", "m"), ("f", "md")]
    assert table.at[("b", "lt"), "year"] == "2023" and table.at[("c", "lt"), "status"] == "imputed"


def test_unscored_share_and_reweight(tmp_path: Path):
    framework = f"""\
        id,parent,name_en,weight,missing
        overall,,Overall,,
        p1,overall,P1,0.5,
        i1,p1,I1,0.5,unscored
        i2,p1,I2,0.5,
        p2,overall,P2,0.5,share:0.6
        i3,p2,I3,{1 / 3!r},reweight
        i4,p2,I4,{1 / 3!r},reweight
        i5,p2,I5,{1 / 3!r},reweight
    """
    values = [*rows("i1", "a= b=0 c=10 d=20"), *rows("i2", "a=0 b=10 c=20 d=40"),
              *rows("i3", "a=0 d=10"), *rows("i4", "a=0 c=10 d=20"), *rows("i5", "a=0 b=4 c=8 d=2")]
    folder = write_edition(tmp_path / "rules", framework, values)
    _, results = scored(folder)
    s = wide(results)
    # i1 over b, c, d: 0, 50, 100; i2: 0, 25, 50, 100; p1: b 12.5, c 50, d 100; a: i1 unscored -> p1 unscored
    np.testing.assert_allclose(s.loc[["b", "c", "d"], "p1"], [12.5, 50, 100])
    # i3 over a, d: 0, 100; i4 over a, c, d: 0, 50, 100; i5: 0, 50, 100, 25
    # p2 (share:0.6): b has 1 of 3 children (0.33 < 0.6) -> no score; c has 2 of 3 -> (50 + 100) / 2 = 75;
    # d (100 + 100 + 25) / 3 = 75; a (0 + 0 + 0) / 3 = 0 (scored: unscored poisons ancestors, not siblings)
    assert math.isnan(s.at["b", "p2"])
    np.testing.assert_allclose(s.loc[["a", "c", "d"], "p2"], [0, 75, 75])
    # overall: a unscored (from i1); b = p1 alone = 12.5; c (50 + 75) / 2 = 62.5; d (100 + 75) / 2 = 87.5
    assert math.isnan(s.at["a", "overall"])
    np.testing.assert_allclose(s.loc[["b", "c", "d"], "overall"], [12.5, 62.5, 87.5])
    table = results_csv(folder, tmp_path / "out")
    assert [table.at[("a", n), "status"] for n in ("i1", "p1", "overall")] == ["unscored"] * 3
    assert table.at[("a", "overall"), "rank"] == "" and table.at[("a", "p2"), "status"] == ""
    assert [table.at[("b", n), "status"] for n in ("i3", "i4", "p2")] == ["unscored"] * 3
    assert [table.at[(c, "overall"), "rank"] for c in "bcd"] == ["3", "2", "1"]


# 5 -------------------------------------------------------------------------------------------------------------

DENOMINATED = """\
    id,parent,name_en,weight,normalise,denominator,missing
    overall,,Overall,,,,
    gdp,overall,GDP per person,1,none,population,{rule}
"""


def test_empty_denominator_is_a_missing_value(tmp_path: Path):
    cities = "id,name_en,population\na,A,2\nb,B,1\nc,C,3\nd,D,\n"
    values = rows("gdp", "a=200 b=50 c=90 d=300")
    folder = write_edition(tmp_path / "den", DENOMINATED.format(rule="median"), values, cities)
    _, results = scored(folder)
    s = wide(results)
    # per person: 200 / 2 = 100, 50 / 1 = 50, 90 / 3 = 30; d has no population: missing, median(100, 50, 30) = 50
    np.testing.assert_allclose(s.loc[["a", "b", "c", "d"], "gdp"], [100, 50, 30, 50])
    assert results.city.set_index(["city_id", "indicator_id"]).at[("d", "gdp"), "status"] == "imputed"
    # with rule error the empty cell is a missing value like any other: the message names the city
    strict = write_edition(tmp_path / "den-error", DENOMINATED.format(rule="error"), values, cities)
    with pytest.raises(ValidationError, match="no value for d"):
        load_edition(strict)


def test_denominator_that_is_not_a_number(tmp_path: Path):
    cities = "id,name_en,population\na,A,2\nb,B,many\nc,C,3\nd,D,4\n"
    folder = write_edition(tmp_path / "den-bad", DENOMINATED.format(rule="median"),
                           rows("gdp", "a=200 b=50 c=90 d=300"), cities)
    with pytest.raises(ValidationError) as err:
        load_edition(folder)
    assert "cities.csv" in str(err.value) and "'many'" in str(err.value)


# 6 -------------------------------------------------------------------------------------------------------------

def test_screening_by_coverage(tmp_path: Path):
    framework = """\
        id,parent,name_en,weight,missing
        overall,,Overall,,
        i1,overall,I1,0.25,reweight
        i2,overall,I2,0.25,reweight
        i3,overall,I3,0.25,reweight
        i4,overall,I4,0.25,reweight
    """
    # coverage: a 4/4, b 3/4 (kept: at the threshold), c 2/4 (dropped), d 2/4 (kept: include),
    # e 4/4 (dropped: exclude), f 4/4
    values = [*rows("i1", "a=10 b=20 c=0 d=30 e=100 f=50"), *rows("i2", "a=1 b=2 c=3 e=4 f=5"),
              *rows("i3", "a=1 b=2 e=3 f=4"), *rows("i4", "a=1 d=5 e=1 f=3")]
    folder = write_edition(tmp_path / "screen", framework, values, "a b c d e f",
                           screen={"min_coverage": 0.75, "include": ["d"], "exclude": ["e"]})
    _, results = scored(folder)
    screened = results.screened.set_index("city")["coverage"]
    assert screened.to_dict() == {"c": 0.5, "e": 1.0}
    assert set(results.city["city_id"]) == {"a", "b", "d", "f"}
    s = wide(results)
    # i1's bounds without c (0) and e (100): min 10, max 50 -> a 0, b 25, d 50, f 100
    np.testing.assert_allclose(s.loc[["a", "b", "d", "f"], "i1"], [0, 25, 50, 100])
    # i2 over a, b, f: 1, 2, 5 -> 0, 25, 100; i3: 1, 2, 4 -> 0, 33.33, 100; i4 over a, d, f: 1, 5, 3 -> 0, 100, 50
    # overall: a 0; b (25 + 25 + 100/3) / 3; d (50 + 100) / 2 = 75; f (100 + 100 + 100 + 50) / 4 = 87.5
    np.testing.assert_allclose(s.loc[["a", "b", "d", "f"], "overall"], [0, (50 + 100 / 3) / 3, 75, 87.5])


# 7 -------------------------------------------------------------------------------------------------------------

def test_better_lower_and_censoring(tmp_path: Path):
    framework = """\
        id,parent,name_en,weight,normalise,normalise_params
        overall,,Overall,,,
        i1,overall,I1,0.5,scaled,min=0;max=10
        i2,overall,I2,0.5,scaled,min=0;max=10
    """
    values = [*rows("i1", "a=1 b=2 c=5 d=9"), *rows("i2", "a=2 b=1.5 c=7 d=5")]
    levels = [{"name": {"en": "Overall"}, "censor_below": 20}, {"name": {"en": "Indicator"}}]
    folder = write_edition(tmp_path / "lower", framework, values, better="lower", levels=levels)
    _, results = scored(folder)
    s, r = wide(results), wide(results, "rank")
    # i1 x 10: 10, 20, 50, 90 -> ranks 1, 2, 3, 4 (lowest first); i2: 20, 15, 70, 50 -> 2, 1, 4, 3
    assert list(r.loc[["a", "b", "c", "d"], "i1"]) == [1, 2, 3, 4]
    assert list(r.loc[["a", "b", "c", "d"], "i2"]) == [2, 1, 4, 3]
    # overall: 15, 17.5, 60, 70; a and b are below 20: censored, one shared rank 1; then 3, 4
    np.testing.assert_allclose(s.loc[["a", "b", "c", "d"], "overall"], [15, 17.5, 60, 70])
    assert list(r.loc[["a", "b", "c", "d"], "overall"]) == [1, 1, 3, 4]
    status = results.city.set_index(["city_id", "indicator_id"])["status"]
    assert [status[(c, "overall")] for c in "abcd"] == ["censored", "censored", "", ""]
    assert status[("a", "i1")] == ""  # the Indicator level has no threshold


# 8 -------------------------------------------------------------------------------------------------------------

def test_winsorise_through_the_framework(tmp_path: Path):
    framework = """\
        id,parent,name_en,weight,transform,transform_params
        overall,,Overall,,,
        x,overall,X,0.5,winsorise,winmax=10%
        y,overall,Y,0.5,,
    """
    ids = [f"c{i:02d}" for i in range(20)]
    x = [*range(1, 19), 60, 100]  # skew 3.03, kurtosis 9.48: fails |skew| >= 2 and kurtosis >= 3.5
    folder = write_edition(tmp_path / "win", framework,
                           [*(f"{c},x,{v},test" for c, v in zip(ids, x, strict=True)),
                            *(f"{c},y,{i},test" for i, c in enumerate(ids))], " ".join(ids))
    raw = pd.Series(x, dtype=float)
    assert raw.skew() == pytest.approx(3.026248, abs=1e-6) and raw.kurt() == pytest.approx(9.484123, abs=1e-6)
    # winmax 10% of 20 units = 2 points: 100 -> 60 (still fails: skew 2.39, kurtosis 5.21), then both 60s -> 18;
    # 1..18, 18, 18 passes (skew -0.11). Min-max over 1..18: c17 (18), c18 and c19 score 100, c00 (1) 0
    assert pd.Series([*range(1, 19), 60, 60], dtype=float).skew() == pytest.approx(2.386078, abs=1e-6)
    _, results = scored(folder)
    s = wide(results)
    np.testing.assert_allclose(s.loc[["c00", "c08", "c17", "c18", "c19"], "x"],
                               [0, 8 / 17 * 100, 100, 100, 100])
    table = results_csv(folder, tmp_path / "out")
    marks = {c: table.at[(c, "x"), "treatment"] for c in ids}
    assert {c for c, m in marks.items() if m} == {"c18", "c19"}
    assert marks["c18"] == marks["c19"] == "high"
    assert table.at[("c19", "y"), "treatment"] == ""


# 9 -------------------------------------------------------------------------------------------------------------

def test_goalposts_in_raw_units_through_log(tmp_path: Path):
    dollars = """\
        id,parent,name_en,weight,normalise,normalise_params,transform
        overall,,Overall,,,,
        x,overall,X,1,goalposts,min=100;max=10000;lo=0;hi=100,log
    """
    logs = f"""\
        id,parent,name_en,weight,normalise,normalise_params
        overall,,Overall,,,
        x,overall,X,1,goalposts,min={math.log(100)!r};max={math.log(10000)!r};lo=0;hi=100
    """
    raw = {"a": 1000, "b": 100, "c": 10000, "d": 50, "e": 31622.78, "f": 316.227766}
    folder = write_edition(tmp_path / "dollars", dollars, [f"{c},x,{v},test" for c, v in raw.items()],
                           " ".join(raw))
    twin = write_edition(tmp_path / "logs", logs, [f"{c},x,{math.log(v)!r},test" for c, v in raw.items()],
                         " ".join(raw))
    s = wide(scored(folder)[1])["x"]
    t = wide(scored(twin)[1])["x"]
    # (ln v - ln 100) / (ln 10000 - ln 100) x 100: 1000 -> 50; 100 -> 0; 10000 -> 100; 50 below the lower
    # goalpost -> clipped to 0; 10^4.5 above the upper -> 100; 10^2.5 -> 25
    expected = {"a": 50, "b": 0, "c": 100, "d": 0, "e": 100, "f": 25}
    for c, v in expected.items():
        assert s[c] == pytest.approx(v, abs=1e-6), c
        assert t[c] == pytest.approx(s[c], abs=1e-9), c


# 10 ------------------------------------------------------------------------------------------------------------

def test_audit_of_a_rank_the_build_leaves_unscored(tmp_path: Path):
    framework = """\
        id,parent,name_en,weight,missing
        overall,,Overall,,
        i1,overall,I1,0.5,unscored
        i2,overall,I2,0.5,
    """
    published = """\
        table,city,indicator,score,rank,source
        Table 1,a,overall,,1,test
        Table 1,b,overall,75,2,test
        Table 1,c,overall,,3,test
    """
    # a has no i1: unscored, unranked. i1 over b, c: 2, 1 -> 100, 0; i2: 10, 5, 0 -> 100, 50, 0;
    # b (100 + 50) / 2 = 75, rank 1 of the build; c (0 + 0) / 2 = 0, rank 2
    values = [*rows("i1", "a= b=2 c=1"), *rows("i2", "a=10 b=5 c=0")]
    folder = write_edition(tmp_path / "audit", framework, values, "a b c", published=published)
    edition, results = scored(folder)
    report = audit(edition, results)
    (table,) = report.tables
    assert not report.ok
    assert [(d.city, d.published, d.computed) for d in table.rank_diffs] == [("a", 1, None), ("b", 2, 1),
                                                                              ("c", 3, 2)]
    assert "City A, Overall: published 1, not ranked by the build (no score)" in report_text(report, edition)
    run = CliRunner().invoke(main, ["audit", str(folder)])
    assert run.exit_code == 1, run.output
    assert "not ranked by the build" in run.output and "DISAGREES" in run.output
