"""Pathways (city pairs) as a second entity kind: pair scores, the partner rule that makes city values, tie
listing, and the audit of bri-2021, against numbers worked out by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from builder.analysis import audit
from builder.edition import load_edition
from builder.edition.partners import partner_value
from builder.engine import compute
from tests.synth import write_pathway_edition

ROOT = Path(__file__).resolve().parent.parent

# Four cities, four of the six pathways, metrics (m1, m2, m3). By hand, min-max onto [0, 100] across pathways:
#   m1 10, 0, 5, 20 -> 50, 0, 25, 100;  m2 4, 2, 0, 2 -> 100, 50, 0, 50;  m3 1, 3, 3, 0 -> 33.33, 100, 100, 0
#   c1 = m1; c2 = (m2 + m3) / 2 -> 66.67, 75, 50, 25; overall = (c1 + c2) / 2 -> 58.33, 37.5, 37.5, 62.5
PAIRS = {("a", "b"): (10, 4, 1), ("a", "c"): (0, 2, 3), ("b", "c"): (5, 0, 3), ("c", "d"): (20, 2, 0)}


@pytest.fixture
def edition(tmp_path):
    return load_edition(write_pathway_edition(tmp_path / "pairs4", PAIRS))


def _scores(frame: pd.DataFrame, key: str, node: str) -> dict[str, float]:
    rows = frame[frame["indicator_id"] == node]
    return dict(zip(rows[key], rows["score"], strict=True))


def test_pair_scores_by_hand(edition):
    pathways = compute(edition).pathway
    assert _scores(pathways, "pair_id", "m3") == pytest.approx({"a~b": 100 / 3, "a~c": 100, "b~c": 100, "c~d": 0})
    assert _scores(pathways, "pair_id", "c2") == pytest.approx({"a~b": 200 / 3, "a~c": 75, "b~c": 50, "c~d": 25})
    assert _scores(pathways, "pair_id", "overall") == pytest.approx(
        {"a~b": 175 / 3, "a~c": 37.5, "b~c": 37.5, "c~d": 62.5})


def test_pair_ranks_tie_and_order(edition):
    overall = compute(edition).pathway.query("indicator_id == 'overall'")
    assert list(overall["pair_id"]) == ["c~d", "a~b", "a~c", "b~c"]  # the tie at 3rd listed by pair id
    assert list(overall["rank"]) == [1, 2, 3, 3]
    assert list(overall["city_a"]) == ["City C", "City A", "City A", "City B"]


def test_city_scores_from_summed_pathways(edition):
    # sums over partners: m1 a 10, b 15, c 25, d 20; m2 6, 4, 4, 2; m3 4, 4, 6, 0
    # min-max: m1 0, 33.33, 100, 66.67; m2 100, 50, 50, 0; m3 66.67, 66.67, 100, 0
    # c2 83.33, 58.33, 75, 0; overall 41.67, 45.83, 87.5, 33.33
    city = compute(edition).city
    assert _scores(city, "city_id", "overall") == pytest.approx({"a": 125 / 3, "b": 137.5 / 3, "c": 87.5,
                                                                "d": 100 / 3})
    assert list(city.query("indicator_id == 'overall'")["city_id"]) == ["c", "b", "a", "d"]


@pytest.mark.parametrize(("rule", "expected"), [
    ("sum", {"a": (10, 6, 4), "b": (15, 4, 4), "c": (25, 4, 6), "d": (20, 2, 0)}),
    ("mean", {"a": (5, 3, 2), "b": (7.5, 2, 2), "c": (25 / 3, 4 / 3, 2), "d": (20, 2, 0)}),
    ("top:1", {"a": (10, 4, 3), "b": (10, 4, 3), "c": (20, 2, 3), "d": (20, 2, 0)}),
    ("top:3", {"a": (10, 6, 4), "b": (15, 4, 4), "c": (25, 4, 6), "d": (20, 2, 0)}),  # k beyond the partners: sum
])
def test_partner_rule(tmp_path, rule, expected):
    ed = load_edition(write_pathway_edition(tmp_path / "rule", PAIRS, city_score=rule))
    raw = pd.DataFrame(ed.inputs.raw, index=ed.inputs.cities, columns=ed.inputs.nodes)
    for city, values in expected.items():
        assert raw.loc[city].to_numpy() == pytest.approx(np.array(values, dtype=float)), (rule, city)


def test_top_k_takes_the_best_in_the_indicator_direction():
    assert partner_value(np.array([3.0, 1.0, 2.0]), "top", 2, +1) == 5.0
    assert partner_value(np.array([3.0, 1.0, 2.0]), "top", 2, -1) == 3.0
    assert np.isnan(partner_value(np.array([]), "sum"))


def test_pathway_rows_in_results_csv(edition, tmp_path):
    from builder.publish.results import write_results

    write_results(edition, compute(edition), tmp_path)
    rows = pd.read_csv(tmp_path / "results.csv", keep_default_na=False)
    pathway = rows[rows["pair_id"] != ""]
    assert list(rows.columns[:10]) == ["city_id", "city", "pair_id", "city_a", "city_b", "indicator_id", "indicator",
                                       "level", "score", "rank"]
    assert len(pathway) == 4 * 6 and (pathway["city_id"] == "").all()
    assert len(rows) - len(pathway) == 4 * 6


# ---- bri-2021: the seed's published ranks ---------------------------------------------------------------------

def test_bri_infrastructure_tie_listed_as_the_seed_lists_it():
    results = compute(load_edition(ROOT / "data/bri-2021")).pathway
    infra = results[results["indicator_id"] == "infrastructure-connectivity"]
    fifth = infra[infra["rank"] == 5]
    # Table 8 names Moscow–Chengdu "etc."; its note 1 lists the ten pathways ranked No. 5, in this order
    assert [f"{a}–{b}" for a, b in zip(fifth["city_a"], fifth["city_b"], strict=True)] == [
        "Moscow–Chengdu", "Moscow–Beijing", "Moscow–Shanghai", "Moscow–Qingdao", "Moscow–Tianjin", "Moscow–Shenzhen",
        "Moscow–Zhengzhou", "Moscow–Almaty", "Istanbul–Vienna", "Istanbul–Karachi"]
    assert list(infra["rank"]) == [1, 2, 3, 4] + [5] * 10
    assert (fifth["tied_with"] == 0).all()  # all ten are named, none is counted twice


def test_bri_audit_passes():
    edition = load_edition(ROOT / "data/bri-2021")
    report = audit(edition, compute(edition))
    assert report.ok and not report.shape
    pathway_tables = {t.table: t for t in report.tables if t.kind == "pathway"}
    assert {name: t.ranks_compared for name, t in pathway_tables.items()} == {"Table 7": 10, "Table 8": 28,
                                                                             "Table 8 note 1": 10}
    assert all(not t.rank_diffs for t in pathway_tables.values())
    contradictions = [(d.city, d.published, d.computed) for t in report.tables for d in t.rank_diffs]
    assert contradictions == [("tianjin", 12, 11), ("karachi", 16, 15), ("vienna", 15, 16)]  # Table 12 vs Table 3


@pytest.mark.parametrize(("old", "new"), [
    ("Table 7,singapore,bangkok,overall,,2,", "Table 7,singapore,bangkok,overall,,3,"),
    ("Table 8,rome,cairo,policy-coordination,,5,", "Table 8,rome,cairo,policy-coordination,,6,"),
    ("Table 8 note 1,moscow,beijing,infrastructure-connectivity,,5,",
     "Table 8 note 1,moscow,beijing,infrastructure-connectivity,,6,"),
])
def test_bri_audit_fails_when_a_published_pathway_rank_changes(tmp_path, old, new):
    folder = tmp_path / "bri-2021"
    shutil.copytree(ROOT / "data/bri-2021", folder)
    path = folder / "published_pairs.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    edition = load_edition(folder)
    assert not audit(edition, compute(edition)).ok


def test_bri_audit_fails_when_a_published_tie_changes_size(tmp_path):
    folder = tmp_path / "bri-2021"
    shutil.copytree(ROOT / "data/bri-2021", folder)
    path = folder / "published_pairs.csv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.startswith("Table 8 note 1,istanbul,karachi")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edition = load_edition(folder)
    # Table 8 says ten share 5th place; without Istanbul–Karachi the note names nine, so one is unnamed: still ten
    assert audit(edition, compute(edition)).ok
    text = path.read_text(encoding="utf-8").replace("infrastructure-connectivity,,5,9,",
                                                    "infrastructure-connectivity,,5,7,")
    path.write_text(text, encoding="utf-8")
    edition = load_edition(folder)
    assert not audit(edition, compute(edition)).ok  # seven more than Moscow–Chengdu, but the note names nine


def test_demo_audit_has_nothing_published():
    edition = load_edition(ROOT / "data/bri-2021-demo")
    results = compute(edition)
    report = audit(edition, results)
    assert report.tables == [] and report.ok
    assert results.pathway["pair_id"].nunique() == 195
    assert results.city["city_id"].nunique() == 22


# Leave one out, by hand (the four cities above): c1 = m1 -> a 0, b 33.33, c 100, d 66.67; c2 -> 83.33, 58.33, 75, 0.
# Without c2 the overall score is c1 (its weight renormalised to 1): c 1, d 2, b 3, a 4; without c1 it is c2:
# a 1, c 2, b 3, d 4. With both: c 1, b 2, a 3, d 4, so adding c2 to c1 moves c 0, b +1, a +1, d -2.
def test_ranking_without_a_category_by_hand(edition):
    from builder.engine.leave_out import ranking_without

    scores = compute(edition).scored.scores
    without_c2 = ranking_without(edition, scores, "c2")
    assert list(without_c2["city_id"]) == ["c", "d", "b", "a"]
    assert dict(zip(without_c2["city_id"], without_c2["score"], strict=True)) == pytest.approx(
        {"a": 0, "b": 100 / 3, "c": 100, "d": 200 / 3})
    without_c1 = ranking_without(edition, scores, "c1")
    assert dict(zip(without_c1["city_id"], without_c1["rank"], strict=True)) == {"a": 1, "c": 2, "b": 3, "d": 4}


CHANGES = ("table,city,indicator,left_out,printed,change,source\n"
           "T11,c,overall,c2,—,0,x\nT11,b,overall,c2,+1,1,x\nT11,a,overall,c2,+1,1,x\nT11,d,overall,c2,−2,-2,x\n")


def test_published_changes_audited_against_the_ranking_without(tmp_path):
    folder = write_pathway_edition(tmp_path / "pairs4", PAIRS)
    (folder / "published_changes.csv").write_text(CHANGES, encoding="utf-8")
    edition = load_edition(folder)
    report = audit(edition, compute(edition))
    (table,) = [t for t in report.tables if t.kind == "change"]
    assert (table.ranks_compared, table.rank_diffs, report.ok) == (4, [], True)
    (folder / "published_changes.csv").write_text(CHANGES.replace("T11,a,overall,c2,+1,1", "T11,a,overall,c2,+2,2"),
                                                  encoding="utf-8")
    edition = load_edition(folder)
    report = audit(edition, compute(edition))
    assert not report.ok  # a: 3rd with c2 and +2 gives 5th without it; computed 4th
    assert [(d.city, d.published, d.computed) for t in report.tables for d in t.rank_diffs] == [("a", 5, 4)]


def test_bri_changes_read_and_their_shared_rank_noted():
    edition = load_edition(ROOT / "data/bri-2021")
    changes = edition.published_changes
    assert dict(zip(changes["city"], changes["change"], strict=True)) == {
        "shanghai": 0, "beijing": 2, "shenzhen": 0, "chengdu": 1, "tianjin": 2, "qingdao": 0, "zhengzhou": 2,
        "xian": 1}
    assert set(changes["left_out"]) == {"information-connection"}
    (table,) = [t for t in audit(edition, compute(edition)).tables if t.kind == "change"]
    assert table.shared == [(13, ["tianjin", "qingdao"])] and not table.rank_diffs  # NOTES.md, contradiction 7


def test_bri_audit_fails_when_a_printed_with_rank_contradicts_table_3(tmp_path):
    folder = tmp_path / "bri-2021"
    shutil.copytree(ROOT / "data/bri-2021", folder)
    path = folder / "published_changes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ",rank"
    lines[1:] = [line + (",3" if ",shanghai," in line else ",") for line in lines[1:]]  # Table 3 has Shanghai 2nd
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edition = load_edition(folder)
    report = audit(edition, compute(edition))
    (table,) = [t for t in report.tables if t.kind == "change"]
    assert [(d.city, d.published, d.computed, d.explained) for d in table.rank_diffs] == [("shanghai", 3, 2, True)]
