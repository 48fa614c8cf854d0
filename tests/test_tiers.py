"""Tiers as a result: the boundary rule, the audit of published tiers (LAS 2024, BRICS 2024), the template
functions, the tier tables and the tier-coloured ranking figure."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from builder.analysis.audit import audit, report_text
from builder.edition import load_edition
from builder.engine import compute
from builder.engine.rank import tier_of
from builder.errors import ContentError
from builder.report.charts import chart_data
from builder.report.context import ReportContext
from builder.report.data import ReportData
from builder.report.strings import load_strings
from builder.report.tables import build_table

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


class _Tier:
    def __init__(self, id_: str, upto: float) -> None:
        self.id, self.upto = id_, upto


TIERS = [_Tier("top10", 0.10), _Tier("top30", 0.30), _Tier("rest", 1.0)]


def test_boundary_is_floor_of_the_share():
    # 10 % of 138 is 13.8 places: the first 13 ranks; 30 % is 41.4: ranks 14-41
    ranks = np.arange(1, 139, dtype=float)
    tiers = tier_of(ranks, TIERS, 138)
    assert (tiers[:13] == "top10").all() and tiers[13] == "top30"
    assert (tiers[13:41] == "top30").all() and tiers[41] == "rest"


def test_cities_tied_at_a_boundary_are_all_in():
    ranks = np.array([1, 2, 2, 4, 5, 6, 7, 8, 9, 10], dtype=float)  # 10 % of 10 is 1 place; 30 % is 3
    assert list(tier_of(ranks, TIERS, 10)[:4]) == ["top10", "top30", "top30", "rest"]
    ranks = np.array([1, 2, 3, 3, 5, 6, 7, 8, 9, 10], dtype=float)  # the tie at 3 straddles the 30 % boundary
    assert list(tier_of(ranks, TIERS, 10)[:5]) == ["top10", "top30", "top30", "top30", "rest"]


def test_unranked_city_has_no_tier():
    assert list(tier_of(np.array([1.0, np.nan]), TIERS, 20)) == ["top10", ""]
    assert list(tier_of(np.array([1.0]), TIERS, 1)) == ["rest"]  # 10 % of one city is no place


@pytest.fixture(scope="module", params=["las-2024", "brics-2024"])
def edition_results(request):
    edition = load_edition(DATA / request.param)
    return edition, compute(edition)


def test_audit_reproduces_every_published_tier(edition_results):
    edition, results = edition_results
    report = audit(edition, results)
    stated = int(edition.published["tier"].fillna("").ne("").sum())
    assert stated > 0
    assert sum(t.tiers_compared for t in report.tables) == stated
    assert report.ok, report_text(report, edition)


def _copy(tmp_path: Path, edition_id: str) -> Path:
    dest = tmp_path / edition_id
    shutil.copytree(DATA / edition_id, dest)
    return dest


def test_audit_fails_when_a_named_city_leaves_its_tier(tmp_path):
    """Doha (top 10 % in the release) given the values of the last city: the audit names it."""
    folder = _copy(tmp_path, "las-2024")
    values = pd.read_csv(folder / "values.csv", dtype=str, keep_default_na=False)
    last = compute(load_edition(folder)).city.query("indicator_id == 'overall'").sort_values("rank")["city_id"].iloc[-1]
    donor = values[values["city"] == last].set_index("indicator")["value"]
    doha = values["city"] == "doha"
    values.loc[doha, "value"] = values.loc[doha, "indicator"].map(donor).to_numpy()
    values.to_csv(folder / "values.csv", index=False)
    edition = load_edition(folder)
    report = audit(edition, compute(edition))
    assert not report.ok
    diffs = [d for t in report.tables for d in t.tier_diffs]
    assert ("doha", "overall", "top10", "rest") in diffs  # (a second-tier city moves up into Doha's place)
    assert all(d[1] == "overall" for d in diffs)
    assert "TIER  Doha, Overall: published top10, computed rest" in report_text(report, edition)


def test_tiers_declared_in_any_order_give_the_same_tiers(tmp_path):
    folder = _copy(tmp_path, "brics-2024")
    text = (folder / "edition.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("tiers:")) + 1
    tiers = lines[start:start + 3]
    assert all(line.lstrip().startswith("- {id:") for line in tiers)
    (folder / "edition.yaml").write_text("".join(lines[:start] + tiers[::-1] + lines[start + 3:]), encoding="utf-8")
    original = compute(load_edition(DATA / "brics-2024")).city
    reordered = compute(load_edition(folder)).city
    assert reordered["tier"].tolist() == original["tier"].tolist()
    assert set(original.loc[original["indicator_id"] == "overall", "tier"]) == {"top10", "top30", "rest"}


@pytest.fixture(scope="module")
def brics():
    edition = load_edition(DATA / "brics-2024")
    results = compute(edition)
    strings = load_strings(ROOT / "templates" / "strings", ["en", "zh"])
    data = ReportData(edition, results, audit(edition, results))
    return {lang: ReportContext(data, lang, strings[lang]) for lang in ("en", "zh")}


def test_template_functions_for_tiers(brics):
    en, zh = brics["en"], brics["zh"]
    top10 = en.tier_cities("top10")
    assert len(top10) == 13 and [c.rank for c in top10] == sorted(c.rank for c in top10)
    assert {c.id for c in top10} == set(en.edition.published.query("indicator == 'overall'")["city"])
    assert en.city("moscow").tier == "Top 10%" and en.city("moscow").tier_id == "top10"
    assert zh.city("moscow").tier == "前10%"
    assert en.city("cairo", "digital").tier_id == "top10"
    assert en.count("overall", tier="top10", country="cn") == 8
    counts = en.tier_counts("country", "top10")
    assert {g.id: g.n for g in counts} == {"cn": 8, "ru": 2, "ae": 2, "sa": 1}  # the release's 13 cities
    assert [g.n for g in counts] == sorted((g.n for g in counts), reverse=True)
    assert en.names(counts, "label").startswith("China (8), ") and en.names(counts, "label").endswith(
        " and Saudi Arabia (1)")
    # UAE before Russia: its best city ranks higher
    assert zh.names(zh.tier_counts("country", "top10")[:2], "label") == "中国（8座）和阿联酋（2座）"
    assert en.tier_name("top30") == "10–30%"


def test_tier_functions_name_what_is_wrong(brics):
    en = brics["en"]
    with pytest.raises(ContentError, match=r"unknown tier 'top5'.*expected a tier of edition.yaml: rest, top10, top30"):
        en.tier_cities("top5")
    with pytest.raises(ContentError, match="chapter-untiered"):
        en.tier_cities("top10", "digital.5g")  # tier_levels [0, 1]: indicators have no tiers


def test_tier_table_lists_every_city_of_a_tier_with_its_country(brics):
    en = brics["en"]
    table = build_table(en, "tiers", ("overall",), {})
    shown = table.display
    assert list(shown.iloc[:, 0]) == ["Top 10%", "10–30%", "Below the top 30%"]
    assert list(table.values.iloc[:, 1]) == [13, 28, 97]
    assert "Moscow (Russia)" in shown.iloc[0, 2] and "Cairo" not in shown.iloc[0, 2]
    only = build_table(en, "tiers", ("overall",), {"tiers": "top10"})
    assert len(only.display) == 1


def test_country_table_counts_add_up(brics):
    en = brics["en"]
    table = build_table(en, "tier_groups", ("country",), {}).values
    assert table.iloc[:, 1].sum() == 138
    assert (table.iloc[:, 2:5].sum(axis=1) == table.iloc[:, 1]).all()  # every city in one tier
    assert table.iloc[0, 0] == "China" and table.iloc[0, 2] == 8
    best, median, lowest = (table[c] for c in ("Highest score", "Median score", "Lowest score"))
    assert ((best >= median) & (median >= lowest)).all()


def test_ranking_figure_colours_tiers_and_marks_boundaries(brics):
    from matplotlib.colors import to_hex
    from matplotlib.legend import Legend

    from figures import ranking
    from figures.save import new_figure
    from figures.style import Labels

    en = brics["en"]
    chart = chart_data(en, "ranking", ("overall",), {"top": 41})
    assert len(chart.frame) == 41 and "group" not in chart.frame.columns
    assert list(chart.frame["tier"]) == ["top10"] * 13 + ["top30"] * 28
    assert "Bar colours mark the tiers" in chart.caption and "top 41 of 138" in chart.caption
    fig = new_figure(*chart.size)
    ax = fig.add_subplot()
    drawn = ranking.draw(ax, chart.frame, labels=Labels("en", chart.text))
    rules = [a for a in drawn if a.get_gid() == "tier-boundary"]
    assert [r.get_ydata()[0] for r in rules] == [12.5]  # between rank 13 and rank 14
    colours = [to_hex(p.get_facecolor()) for p in ax.patches]
    assert len(set(colours[:13])) == 1 and len(set(colours[13:])) == 1 and colours[0] != colours[13]
    legend = {t.get_text() for leg in ax.get_children() if isinstance(leg, Legend) for t in leg.texts}
    assert {"Top 10%", "10–30%"} <= legend


def test_ranking_figure_refuses_interleaved_tiers():
    from figures import ranking
    from figures.errors import FigureError
    from figures.save import new_figure
    from figures.style import Labels

    frame = pd.DataFrame({"city": ["A", "B", "C"], "score": [3.0, 2.0, 1.0], "rank": [1, 2, 3],
                          "tier": ["top", "mid", "top"]})
    ax = new_figure(6.3, 3).add_subplot()
    with pytest.raises(FigureError, match="not in bands"):
        ranking.draw(ax, frame, labels=Labels("en", {"tier.top": "Top", "tier.mid": "Mid"}))
