"""The gaps test edition (tests/synth.write_gaps_edition) as readers see it: a score that does not apply reads
"n/a", one the index does not give reads "–", a censored one "<50" with one shared rank, and the data appendix
lists the screened city, the unscored city and each indicator's treated values; results.csv says the same."""

from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup

NA = {"en": "n/a", "zh": "不适用"}
APPENDIX = {"en": "Data notes", "zh": "数据说明"}


def _table(soup: BeautifulSoup, table_id: str) -> list[list[str]]:
    table = soup.select_one(f"#{table_id} table")
    return [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]


@pytest.fixture(scope="module")
def results(editions) -> pd.DataFrame:
    return pd.read_csv(editions["gaps"][0] / "results.csv", keep_default_na=False)


def test_results_say_why_a_score_is_missing(results):
    overall = results[results["indicator_id"] == "overall"].set_index("city_id")
    assert overall.loc["g03", "status"] == "unscored" and overall.loc["g03", "rank"] == ""
    assert "g04" not in overall.index  # screened out: one value of six
    censored = overall[overall["status"] == "censored"]
    assert len(censored) >= 2 and censored["rank"].nunique() == 1
    assert (censored["score"].astype(float) < 50).all()
    others = overall[(overall["status"] == "") & (overall["rank"] != "")]
    assert (others["score"].astype(float) >= 50).all()
    assert int(censored["rank"].iloc[0]) == len(others) + 1  # after every uncensored city
    cells = results.set_index(["indicator_id", "city_id"])
    assert cells.loc[("sea.port", "g01"), "status"] == "n/a" and cells.loc[("sea", "g01"), "status"] == "n/a"
    assert cells.loc[("sea.ferry", "g02"), "status"] == "imputed"
    assert cells.loc[("sea.port", "g05"), "treatment"] == "high"
    assert cells.loc[("land", "g03"), "status"] == "unscored"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tables_show_the_status_of_each_score(editions, lang):
    soup = BeautifulSoup((editions["gaps"][0] / lang / "index.html").read_text(encoding="utf-8"), "html.parser")
    overall = _table(soup, "tab-appendix-overall")
    scores = [row[2] for row in overall]
    assert "<50" in scores and "–" in scores
    censored_ranks = {row[0] for row in overall if row[2] == "<50"}
    assert len(censored_ranks) == 1
    assert [row[0] for row in overall if row[2] == "–"] == [""]  # unscored: no rank
    sea = _table(soup, "tab-appendix-sea")
    assert any(NA[lang] in row for row in sea)
    text = soup.get_text(" ")
    assert APPENDIX[lang] in text
    screened = _table(soup, "tab-screened")
    assert len(screened) == 1 and screened[0][1] == "17%"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ranking_figure_draws_no_bar_for_a_censored_score(editions, lang):
    svg = (editions["gaps"][0] / lang / "figures" / "ranking-overall.svg").read_text(encoding="utf-8")
    assert svg.count(">&lt;50<") >= 2
