"""Writes small synthetic editions for property and benchmark runs (illustrative data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml


def write_edition(folder: Path, values: np.ndarray, *, weights: list[float] | None = None,
                  directions: list[str] | None = None, renormalise: bool = False,
                  city_order: list[int] | None = None, value_order: list[int] | None = None) -> Path:
    """An edition of values.shape[0] cities and values.shape[1] leaves under two pillars."""
    n, k = values.shape
    folder.mkdir(parents=True, exist_ok=True)
    weights = weights or [1.0 / ((k + 1) // 2)] * ((k + 1) // 2) + [1.0 / (k // 2)] * (k // 2)
    directions = directions or ["+"] * k
    settings = {
        "id": folder.name, "year": 2024, "languages": ["en"], "title": {"en": "Synthetic"},
        "publisher": {"en": "tests"}, "illustrative": True, "ties": "exact",
        "renormalise_weights": renormalise,
        "levels": [{"name": {"en": name}} for name in ("Overall", "Pillar", "Indicator")],
    }
    (folder / "edition.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    pillar_w = [0.5, 0.5] if not renormalise else [3.0, 3.0]
    rows = ["id,parent,name_en,weight,direction", "overall,,Overall,,",
            f"p1,overall,Pillar 1,{pillar_w[0]},", f"p2,overall,Pillar 2,{pillar_w[1]},"]
    for j in range(k):
        parent = "p1" if j < (k + 1) // 2 else "p2"
        rows.append(f"i{j},{parent},Indicator {j},{weights[j]!r},{directions[j]}")
    (folder / "framework.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    order = city_order or list(range(n))
    cities = ["id,name_en"] + [f"c{i:04d},City {i}" for i in order]
    (folder / "cities.csv").write_text("\n".join(cities) + "\n", encoding="utf-8")
    cells = [(i, j) for i in range(n) for j in range(k)]
    if value_order is not None:
        cells = [cells[p] for p in value_order]
    lines = ["city,indicator,value,source"] + [f"c{i:04d},i{j},{float(values[i, j])!r},synthetic"
                                                for i, j in cells]
    (folder / "values.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


LONG_EN = ("Krung Thep Mahanakhon Amon Rattanakosin Mahinthara Ayuthaya Mahadilok Phop Noppharat Ratchathani "
           "Burirom Udomratchaniwet Mahasathan Amon Piman Awatan Sathit Sakkathattiya Witsanukam Prasit")
LONG_ZH = "共和曼谷天使之城宏伟之城永恒宝石之城因陀罗的不可战胜之城世界上拥有九颗宝石的伟大首都快乐之城"
PILLARS = [("people", "People and talent", "人才与人力资本"),
           ("economy", "Economy and business environment", "经济与营商环境"),
           ("research", "Research and innovation capacity", "科研与创新能力"),
           ("liveability", "Liveability", "宜居性"),
           ("connections", "International connections", "国际联系"),
           ("governance", "Governance and services", "治理与公共服务")]
REGIONS = [("north", "Northern Federation", "北方联邦"), ("south", "Southern Republic of the Lakes", "南方湖泊共和国"),
           ("east", "East", "东部"), ("west", "West", "西部")]


def write_wide_edition(root: Path, cities: int = 24, seed: int = 7) -> Path:
    """data/wide and content/wide under root: 6 pillars of 5 indicators, long names, two languages.

    Illustrative data for layout tests (seeded): every parent has five or more children, one city has a
    name of 170 characters (Bangkok's ceremonial name) and the indicator names are long.
    """
    rng = np.random.default_rng(seed)
    data, content = root / "data" / "wide", root / "content" / "wide"
    data.mkdir(parents=True, exist_ok=True)
    settings = {
        "id": "wide", "year": 2024, "languages": ["en", "zh"], "illustrative": True, "ties": "exact", "precision": 2,
        "title": {"en": "Wide Test Index of Cities with Long Names", "zh": "长名称城市宽表测试指数"},
        "publisher": {"en": "Institute of Test Indices", "zh": "测试指数研究所"},
        "levels": [{"name": {"en": "Overall", "zh": "总指数"}}, {"name": {"en": "Pillar", "zh": "支柱"}},
                   {"name": {"en": "Indicator", "zh": "指标"}}],
        "defaults": {"normalise": "minmax", "normalise_params": {"lo": 0, "hi": 100}, "aggregate": "arithmetic",
                     "missing": "error"},
        "group_ranks": ["region"],
    }
    (data / "edition.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    rows = ["id,parent,name_en,name_zh,weight,direction,definition_en,definition_zh",
            "overall,,Overall,总指数,,,The overall score.,总得分。"]
    for pid, en, zh in PILLARS:
        rows.append(f'{pid},overall,"{en}",{zh},{1 / len(PILLARS)!r},,"{en}.",{zh}。')
        for j in range(5):
            rows.append(f'{pid}.{j},{pid},"{en}: component indicator number {j + 1}",{zh}分项指标{j + 1},0.2,'
                        f'{"-" if j == 4 else "+"},"Illustrative indicator {j + 1} of {en.lower()}.",'
                        f"{zh}的示意指标{j + 1}。")
    (data / "framework.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    city_rows = ["id,name_en,name_zh,region"]
    for i in range(cities):
        letter = chr(65 + i)
        name_en, name_zh = (LONG_EN, LONG_ZH) if i == 3 else (f"City {letter}ville-upon-Sea", f"海滨{letter}城")
        city_rows.append(f'c{i:02d},"{name_en}",{name_zh},{REGIONS[i % len(REGIONS)][0]}')
    (data / "cities.csv").write_text("\n".join(city_rows) + "\n", encoding="utf-8")
    groups = ["attribute,value,name_en,name_zh"] + [f'region,{r},"{en}",{zh}' for r, en, zh in REGIONS]
    (data / "groups.csv").write_text("\n".join(groups) + "\n", encoding="utf-8")
    values = ["city,indicator,value,source"]
    for i in range(cities):
        for pid, _, _ in PILLARS:
            for j in range(5):
                values.append(f"c{i:02d},{pid}.{j},{rng.uniform(1, 1000):.3f},illustrative (tests/synth.py)")
    (data / "values.csv").write_text("\n".join(values) + "\n", encoding="utf-8")
    chapters = {
        "en": "---\nid: results\ntitle: Results\n---\n{% set lead = top('overall', 1)[0] %}{{ lead }} leads.\n\n"
              "## Overall\n\n{{ figure('ranking', 'overall') }}\n\n{{ table('scores', 'overall') }}\n\n"
              "## Pillars\n\n{{ figure('heatmap', 'people', 10) }}\n\n{{ table('scores', 'economy') }}\n\n"
              "{{ figure('scatter', 'people', 'economy') }}\n\n{{ figure('distribution', 'overall') }}\n\n"
              "{{ table('framework') }}\n\n{{ table('cities') }}\n",
        "zh": "---\nid: results\ntitle: 结果\n---\n{% set lead = top('overall', 1)[0] %}{{ lead }}居首。\n\n"
              "## 总排名\n\n{{ figure('ranking', 'overall') }}\n\n{{ table('scores', 'overall') }}\n\n"
              "## 支柱\n\n{{ figure('heatmap', 'people', 10) }}\n\n{{ table('scores', 'economy') }}\n\n"
              "{{ figure('scatter', 'people', 'economy') }}\n\n{{ figure('distribution', 'overall') }}\n\n"
              "{{ table('framework') }}\n\n{{ table('cities') }}\n",
    }
    for lang, text in chapters.items():
        (content / lang).mkdir(parents=True, exist_ok=True)
        (content / lang / "01-results.md").write_text(text, encoding="utf-8")
    return data


def write_gaps_edition(root: Path, cities: int = 12, seed: int = 11) -> Path:
    """data/gaps and content/gaps under root: an edition whose data has every kind of gap the engine handles.

    Illustrative data (seeded). Two pillars of three indicators: one value does not apply (`n/a`), one is
    imputed with the median, one city lacks a value under the `unscored` rule, one city has too little data
    and is screened out, one indicator has an outlier that winsorising treats, and overall scores below 50
    are censored (shown "<50", one shared rank).
    """
    rng = np.random.default_rng(seed)
    data, content = root / "data" / "gaps", root / "content" / "gaps"
    data.mkdir(parents=True, exist_ok=True)
    settings = {
        "id": "gaps", "year": 2024, "languages": ["en", "zh"], "illustrative": True, "precision": 1,
        "title": {"en": "Index with Gaps in its Data", "zh": "数据缺口测试指数"},
        "publisher": {"en": "Institute of Test Indices", "zh": "测试指数研究所"},
        "levels": [{"name": {"en": "Overall", "zh": "总指数"}, "censor_below": 50},
                   {"name": {"en": "Pillar", "zh": "支柱"}}, {"name": {"en": "Indicator", "zh": "指标"}}],
        "defaults": {"normalise": "minmax", "normalise_params": {"lo": 0, "hi": 100}, "aggregate": "arithmetic",
                     "missing": "error"},
        "screen": {"min_coverage": 0.6},
    }
    (data / "edition.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    rows = ["id,parent,name_en,name_zh,weight,direction,transform,transform_params,missing",
            "overall,,Overall,总指数,,,,,",
            "sea,overall,Sea and ports,海洋与港口,0.5,,,,", "land,overall,Land and people,陆地与人口,0.5,,,,",
            "sea.port,sea,Port traffic,港口吞吐量,0.4,,winsorise,winmax=2,",
            "sea.beach,sea,Beaches,海滩,0.3,,,,reweight", "sea.ferry,sea,Ferry lines,轮渡航线,0.3,,,,median",
            "land.rail,land,Rail lines,铁路线路,0.4,,,,", "land.parks,land,Parks,公园,0.3,,,,unscored",
            "land.air,land,Air quality,空气质量,0.3,-,,,reweight"]
    (data / "framework.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    city_rows = ["id,name_en,name_zh"] + [f"g{i:02d},Gap City {chr(65 + i)},缺口{chr(65 + i)}城" for i in range(cities)]
    (data / "cities.csv").write_text("\n".join(city_rows) + "\n", encoding="utf-8")
    inputs = ["sea.port", "sea.beach", "sea.ferry", "land.rail", "land.parks", "land.air"]
    values = ["city,indicator,value,source"]
    for i in range(cities):
        for ind in inputs:
            value = f"{rng.uniform(10, 100):.1f}"
            if ind == "sea.port" and i == 5:
                value = "2500.0"  # an outlier for winsorising
            if i == 1 and ind.startswith("sea."):
                value = "n/a"  # an inland city: the sea indicators do not apply
            if (i, ind) == (2, "sea.ferry"):
                value = ""  # imputed with the median
            if (i, ind) == (3, "land.parks"):
                value = ""  # unscored rule: no score above it
            if i == 4 and ind != "land.rail":
                value = ""  # one value of six: screened out
            values.append(f"g{i:02d},{ind},{value},illustrative (tests/synth.py)")
    (data / "values.csv").write_text("\n".join(values) + "\n", encoding="utf-8")
    chapters = {
        "en": "---\nid: results\ntitle: Results\n---\n{% set lead = top('overall', 1)[0] %}{{ lead }} leads.\n\n"
              "{{ figure('ranking', 'overall') }}\n\n{{ table('scores', 'overall') }}\n\n"
              "{{ figure('heatmap', 'sea', 10) }}\n\n{{ table('scores', 'sea') }}\n\n"
              "{{ figure('scatter', 'sea', 'land') }}\n",
        "zh": "---\nid: results\ntitle: 结果\n---\n{% set lead = top('overall', 1)[0] %}{{ lead }}居首。\n\n"
              "{{ figure('ranking', 'overall') }}\n\n{{ table('scores', 'overall') }}\n\n"
              "{{ figure('heatmap', 'sea', 10) }}\n\n{{ table('scores', 'sea') }}\n\n"
              "{{ figure('scatter', 'sea', 'land') }}\n",
    }
    for lang, text in chapters.items():
        (content / lang).mkdir(parents=True, exist_ok=True)
        (content / lang / "01-results.md").write_text(text, encoding="utf-8")
    return data


def write_pathway_edition(folder: Path, pairs: dict[tuple[str, str], tuple[float, ...]], *,
                          city_score: str = "sum", cities: tuple[str, ...] = ("a", "b", "c", "d")) -> Path:
    """An edition whose city values derive from pathways: cities a-d, two categories (c1 = m1; c2 = m2 and m3,
    half each), each pathway's (m1, m2, m3) values in pairs.csv, min-max onto [0, 100], no values.csv."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = {
        "id": folder.name, "year": 2021, "languages": ["en"], "title": {"en": "Synthetic pathways"},
        "publisher": {"en": "tests"}, "illustrative": True, "ties": "exact", "input_level": 2,
        "levels": [{"name": {"en": name}} for name in ("Overall", "Category", "Metric")],
        "defaults": {"normalise": "minmax", "normalise_params": {"lo": 0, "hi": 100}},
        "pathways": {"city_score": city_score},
    }
    (folder / "edition.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    (folder / "framework.csv").write_text(
        "id,parent,name_en,weight,direction\noverall,,Overall,,\nc1,overall,Category 1,0.5,\n"
        "c2,overall,Category 2,0.5,\nm1,c1,Metric 1,1,+\nm2,c2,Metric 2,0.5,+\nm3,c2,Metric 3,0.5,+\n",
        encoding="utf-8")
    (folder / "cities.csv").write_text("id,name_en\n" + "".join(f"{c},City {c.upper()}\n" for c in cities),
                                       encoding="utf-8")
    lines = ["city_a,city_b,indicator,value,source"]
    for (a, b), values in pairs.items():
        lines += [f"{a},{b},m{j + 1},{v!r},synthetic" for j, v in enumerate(values)]
    (folder / "pairs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
