"""IEC 2024, a results-only edition: the appendix tables of the built HTML reproduce the report's
Appendix 1-4 (ranks, ties, order), and every rank-change marker follows the previous ranks."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data" / "iec-2024"
LANGS = ("en", "zh")
APPENDICES = ["Appendix 1", "Appendix 2", "Appendix 3", "Appendix 4"]


@pytest.fixture(scope="module")
def built(editions) -> Path:
    folder, summary, _ = editions["iec-2024"]
    assert summary.warnings == []
    return folder


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    pub = pd.read_csv(DATA / "published.csv")
    return pub[pub["table"].isin(APPENDICES)]


@pytest.fixture(scope="module")
def framework() -> pd.DataFrame:
    return pd.read_csv(DATA / "framework.csv").set_index("id")


@pytest.fixture(scope="module")
def cities() -> pd.DataFrame:
    return pd.read_csv(DATA / "cities.csv").set_index("id")


def _table(html: Path, parent: str) -> pd.DataFrame:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one(f"#tab-appendix-{parent} table")
    assert table is not None, parent
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]
    return pd.DataFrame(rows, columns=headers)


@pytest.mark.parametrize("lang", LANGS)
def test_appendix_ranks_ties_and_order_as_published(built, published, framework, cities, lang):
    by_name = {cities.at[c, f"name_{lang}"]: c for c in cities.index}
    name = {nid: framework.at[nid, f"name_{lang}"] for nid in framework.index}
    rank_header = {"en": "Rank", "zh": "排名"}[lang]
    city_header = {"en": "City", "zh": "城市"}[lang]
    expected = published.set_index(["indicator", "city"])["rank"].groupby(level=[0, 1]).first()
    compared = set()
    for parent in ["overall", *framework.index[framework["parent"] == "overall"]]:
        table = _table(built / lang / "index.html", parent)
        ids = [by_name[c] for c in table[city_header]]
        columns = {parent: rank_header}
        columns |= {kid: next(h for h in table.columns
                              if h.startswith(name[kid]) and h.lower().endswith(rank_header.lower()))
                    for kid in framework.index[framework["parent"] == parent]}
        for nid, header in columns.items():
            for city, shown in zip(ids, table[header], strict=True):
                assert int(shown) == int(expected[nid, city]), (lang, nid, city)
                compared.add((nid, city))
        # same order as the report: the appendix lists cities by rank, ties as printed
        rank = expected[parent]
        listings = [list(g["city"].drop_duplicates()) for _, g in published.groupby("table", sort=False)]
        appendix_order = next(o for o in listings if rank.reindex(o).is_monotonic_increasing)  # ranked on it
        assert ids == appendix_order, parent
    assert len(compared) == 43 * 15


def test_ties_print_as_in_the_report(built, published):
    table = _table(built / "en" / "index.html", "attractiveness")
    shown = table.filter(like="Business-friendliness").filter(regex="(?i)rank").iloc[:, 0].astype(int)
    printed = published[(published["indicator"] == "business-friendliness") & (published["table"] == "Appendix 2")]
    assert sorted(shown) == sorted(printed["rank"].astype(int))
    assert (shown == 5).sum() == (printed["rank"] == 5).sum() > 1  # a tie the report prints as shared 5th


def test_every_marker_follows_the_previous_ranks(built):
    results = pd.read_csv(built / "results.csv")
    previous = pd.read_csv(DATA / "previous.csv").set_index(["indicator", "city"])["rank"]
    for _, row in results.iterrows():
        key = (row["indicator_id"], row["city_id"])
        if key not in previous.index:
            expected = "new"
        elif pd.isna(previous[key]):
            expected = "unknown"
        else:
            p = int(previous[key])
            expected = "rise" if p > row["rank"] else "unchanged" if p == row["rank"] else "drop"
        assert row["change"] == expected, key


@pytest.mark.parametrize("lang", LANGS)
def test_ranking_figure_draws_one_marker_per_city_and_status(built, lang):
    results = pd.read_csv(built / "results.csv")
    overall = results[results["indicator_id"] == "overall"]
    svg = (built / lang / "figures" / "ranking-overall.svg").read_text(encoding="utf-8")
    for status, count in overall["change"].value_counts().items():
        group = re.search(rf'<g id="change-{status}">(.*?)</g>\s*</g>', svg, re.S)
        assert group is not None, status
        assert group.group(1).count("<use ") == count, status
