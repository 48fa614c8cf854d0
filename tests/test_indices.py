"""Two published indices scored by configuration alone: the UNDP HDI 2015 and the GHI 2016.

The editions under tests/fixtures/editions/ are written by tests/fixtures/editions/build.py from the
transcriptions in tests/fixtures/methods/indices/. Each is checked twice: by the audit (published.csv
against the build, within the rounding allowance carried through the method), and independently against
the published values of the YAML files.
"""

from __future__ import annotations

import importlib.util
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from builder.analysis.audit import audit, report_text
from builder.edition import load_edition
from builder.engine import compute
from builder.engine.rank import competition_rank
from builder.numbers import round_half_up

FIXTURES = Path(__file__).parent / "fixtures"
EDITIONS = FIXTURES / "editions"
INDICES = FIXTURES / "methods" / "indices"


def _builder():
    spec = importlib.util.spec_from_file_location("editions_build", EDITIONS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _builder()


def _yaml(name: str) -> dict:
    return yaml.safe_load((INDICES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hdi():
    edition = load_edition(EDITIONS / "hdi-2015")
    results = compute(edition)
    return edition, results, audit(edition, results)


@pytest.fixture(scope="module")
def ghi():
    edition = load_edition(EDITIONS / "ghi-2016")
    results = compute(edition)
    return edition, results, audit(edition, results)


def _wide(results, column: str) -> pd.DataFrame:
    return results.city.pivot(index="city_id", columns="indicator_id", values=column)


@pytest.mark.parametrize(("folder", "source", "make"), [("hdi-2015", "hdi_2015.yaml", "hdi"),
                                                        ("ghi-2016", "ghi_2016.yaml", "ghi")])
def test_committed_editions_are_what_the_script_writes(folder, source, make):
    files = getattr(BUILD, make)(_yaml(source))
    on_disk = {p.name for p in (EDITIONS / folder).iterdir()}
    assert on_disk == set(files)
    for name, text in files.items():
        assert (EDITIONS / folder / name).read_text(encoding="utf-8") == text, f"{folder}/{name}: run build.py"


# --- HDI 2015 ---------------------------------------------------------------------------------------------------

def test_hdi_audit_passes(hdi):
    edition, _, report = hdi
    assert report.ok, report_text(report, edition)
    (table,) = report.tables
    assert table.compared == 15 and table.ranks_compared == 15
    assert not table.beyond
    # the largest difference is Germany's 0.00087 (the YAML's recomputation), inside the allowance there
    assert table.max_where == ("deu", "overall")
    assert table.max_diff == pytest.approx(0.0008676275529662, abs=1e-9)
    assert table.max_diff < table.tolerance_there
    # the one rank the rounded inputs do not reproduce: Germany computes 0.917, so Ireland is 7th, not tied 6th
    assert [(d.city, d.published, d.computed, d.explained) for d in table.rank_diffs] == [("irl", 6, 7, True)]


def test_hdi_scores_against_the_published_values(hdi):
    _, results, report = hdi
    data = _yaml("hdi_2015.yaml")
    scores = _wide(results, "score")
    allowance = report.tables[0].tolerance_there
    for c in data["countries"]:
        cid = BUILD.ISO3[c["country"]]
        got = scores.at[cid, "overall"]
        # the YAML: recomputing from the rounded inputs is within 1e-3 of the published 3-decimal HDI
        assert abs(got - c["published"]["hdi"]) < 1e-3, c["country"]
        assert abs(got - c["published"]["hdi"]) <= allowance, c["country"]
        # and the engine gives exactly the YAML's own recomputation, dimension by dimension
        ours = c["recomputed_from_rounded_inputs"]
        for node in ("health", "education", "income"):
            assert scores.at[cid, node] == pytest.approx(ours[node], abs=1e-12), (c["country"], node)
        assert got == pytest.approx(ours["hdi"], abs=1e-12), c["country"]


def test_hdi_worked_example_norway(hdi):
    _, results, _ = hdi
    s = _wide(results, "score").loc["nor"]
    # health (81.6 - 20) / 65; education (17.5 / 18 + 12.6 / 15) / 2; income ln(64992/100) / ln(75000/100)
    health, education = (81.6 - 20) / 65, (17.5 / 18 + 12.6 / 15) / 2
    income = math.log(64992 / 100) / math.log(75000 / 100)
    assert s["health"] == pytest.approx(health) and s["education"] == pytest.approx(education)
    assert s["income"] == pytest.approx(income)
    assert s["overall"] == pytest.approx((health * education * income) ** (1 / 3))  # 0.943590, published 0.944
    # the caps: Australia's 20.2 expected years score as 18; Singapore's $76,628 and Liechtenstein's as $75,000
    scores = _wide(results, "score")
    assert scores.at["aus", "EYS"] == 1.0
    assert scores.at["sgp", "income"] == 1.0 and scores.at["lie", "income"] == 1.0


def test_hdi_ranks_with_the_three_published_ties(hdi):
    _, results, _ = hdi
    data = _yaml("hdi_2015.yaml")
    ids = [BUILD.ISO3[c["country"]] for c in data["countries"]]
    published = np.array([c["published"]["hdi"] for c in data["countries"]])
    published_rank = np.array([c["published"]["rank"] for c in data["countries"]])
    # the ranking rule: competition ranks on the 3-decimal HDI give the table's ranks, ties included
    np.testing.assert_array_equal(competition_rank(published, "displayed", 3), published_rank)
    assert list(published_rank[5:11]) == [6, 6, 8, 9, 9, 11] and list(published_rank[-2:]) == [14, 14]
    # the build, on the HDI recomputed from rounded inputs: the same ranks but for Germany / Ireland
    ranks = _wide(results, "rank")["overall"].reindex(ids).astype(int).to_numpy()
    expected = published_rank.copy()
    expected[ids.index("irl")] = 7  # Germany 0.9169 -> 0.917 and Ireland 0.9155 -> 0.916: no longer tied
    np.testing.assert_array_equal(ranks, expected)
    assert ranks[ids.index("can")] == ranks[ids.index("nzl")] == 9
    assert ranks[ids.index("swe")] == ranks[ids.index("gbr")] == 14
    assert ranks[ids.index("sgp")] == 11  # the rank after the 9, 9 tie skips 10


# --- GHI 2016 ---------------------------------------------------------------------------------------------------

def _display(score: float) -> str:
    """The GHI's display rule: "<5" below 5, else one decimal (half up)."""
    return "<5" if score < 5 else f"{float(round_half_up(score, 1)):.1f}"


def test_ghi_audit_passes(ghi):
    edition, _, report = ghi
    assert report.ok, report_text(report, edition)
    (table,) = report.tables
    assert table.compared == 22  # 20 scores and the two "-" and table.ranks_compared == 0  # the source prints no ranks
    # the largest difference: Afghanistan 34.849 against 34.8; the allowance there is the inputs' rounding
    # (0.05 on each input: 1/3 * 0.05/80*100 + 1/6 * 0.05/30*100 + 1/6 * 0.05/70*100 + 1/3 * 0.05/35*100
    # = 0.1079) plus half a unit of the published decimal (0.05)
    assert table.max_where == ("afg", "overall")
    assert table.max_diff == pytest.approx(34.84920634920635 - 34.8, abs=1e-9)
    assert table.tolerance_there == pytest.approx(0.05 / 80 * 100 / 3 + 0.05 / 30 * 100 / 6 + 0.05 / 70 * 100 / 6
                                                  + 0.05 / 35 * 100 / 3 + 0.05, abs=1e-6)


def test_ghi_scores_against_the_published_values(ghi):
    _, results, _ = ghi
    data = _yaml("ghi_2016.yaml")
    scores = _wide(results, "score")
    for c in data["countries"]:
        cid = BUILD.ISO3[c["country"]]
        got = scores.at[cid, "overall"]
        assert got == pytest.approx(c["recomputed"]["score"], abs=1e-12), c["country"]
        printed = c["published_score_2016"]
        shown = _display(got)
        if printed == "<5":
            assert shown == "<5", c["country"]
        else:  # one decimal; the source's CSV drops a trailing .0 (Zambia 39)
            assert shown != "<5" and float(shown) == float(printed), (c["country"], shown, printed)


def test_ghi_censored_countries_share_rank_one(ghi):
    _, results, _ = ghi
    data = _yaml("ghi_2016.yaml")
    overall = results.city[results.city["indicator_id"] == "overall"].set_index("city_id")
    censored = [BUILD.ISO3[c["country"]] for c in data["countries"] if c["published_score_2016"] == "<5"]
    assert len(censored) == 8
    assert set(overall.loc[censored, "rank"]) == {1}  # lower is better: the best, all tied
    assert set(overall.loc[censored, "status"]) == {"censored"}
    # the next rank skips past the eight: Slovak Republic 5.3 is 9th; Romania and Tunisia tie at 5.5
    assert overall.at["svk", "rank"] == 9
    assert overall.at["rou", "rank"] == overall.at["tun", "rank"] == 10
    assert overall.at["ury", "rank"] == 12
    assert overall.at["caf", "rank"] == 20  # 46.1, the highest score ranks last
    ranked = overall["rank"].dropna().astype(int)
    assert ranked.max() == 20 and len(ranked) == 20


def test_ghi_no_score_without_undernourishment(ghi):
    _, results, _ = ghi
    table = results.city.set_index(["city_id", "indicator_id"])
    for cid in ("bhr", "bdi"):
        assert np.isnan(table.at[(cid, "overall"), "score"])
        assert pd.isna(table.at[(cid, "overall"), "rank"])
        assert table.at[(cid, "overall"), "status"] == "unscored"
        assert table.at[(cid, "PUN"), "status"] == "unscored"
        for nid in ("CWA", "CST", "CM"):  # the other indicators are still scored and ranked
            assert not np.isnan(table.at[(cid, nid), "score"]) and not pd.isna(table.at[(cid, nid), "rank"])
    # Bahrain's wasting 5.2 / 30 x 100
    assert table.at[("bhr", "CWA"), "score"] == pytest.approx(5.2 / 30 * 100)


def test_ghi_audit_refuses_a_wrong_censored_score(tmp_path: Path):
    """A "<5" is a threshold: Slovak Republic's 5.28 published as "<5" is beyond the inputs' rounding (0.108),
    although it is within half a unit of a number printed without decimals."""
    folder = tmp_path / "ghi-2016"
    shutil.copytree(EDITIONS / "ghi-2016", folder)
    path = folder / "published.csv"
    text = path.read_text(encoding="utf-8")
    assert "GHI 2016 scores,svk,overall,5.3," in text
    path.write_text(text.replace("GHI 2016 scores,svk,overall,5.3,", "GHI 2016 scores,svk,overall,<5,"),
                    encoding="utf-8")
    edition = load_edition(folder)
    report = audit(edition, compute(edition))
    assert not report.ok
    assert [(c, i, p) for c, i, p, _, _ in report.tables[0].beyond] == [("svk", "overall", "<5")]


def test_ghi_published_no_score_is_checked(tmp_path):
    """published.csv prints Bahrain's score as "-", as the source does: the audit passes only while the build
    gives no score either (a made-up undernourishment value for Bahrain makes it fail)."""
    folder = tmp_path / "ghi-2016"
    shutil.copytree(EDITIONS / "ghi-2016", folder)
    edition = load_edition(folder)
    assert edition.published.set_index("city").at["bhr", "no_score"]
    assert audit(edition, compute(edition)).ok
    values = folder / "values.csv"
    text = values.read_text(encoding="utf-8")
    assert "\nbhr,PUN,," in text
    values.write_text(text.replace("\nbhr,PUN,,", "\nbhr,PUN,5.0,"), encoding="utf-8")
    edition = load_edition(folder)
    report = audit(edition, compute(edition))
    assert not report.ok
    assert "Bahrain, Overall: published -, computed" in report_text(report, edition)
