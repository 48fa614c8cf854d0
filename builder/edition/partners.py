"""City values derived from pathways: per input indicator, a city's pathway values with its partners (pairs.csv)
turned into one value by the edition's rule (`pathways.city_score`), in the shape of values.csv."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .framework import Framework
from .settings import Pathways

VALUE_COLUMNS = ["city", "indicator", "value", "year", "source", "na", "line", "decimals"]


def partner_value(values: np.ndarray, rule: str, k: int | None = None, direction: int = 1) -> float:
    """One city's value from its pathway values: their sum, their mean, or the sum of the k best (the largest, or
    the smallest where lower is better). NaN for a city without pathways."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return math.nan
    if rule == "sum":
        return float(x.sum())
    if rule == "mean":
        return float(x.mean())
    best = np.sort(x)[::-1] if direction >= 0 else np.sort(x)
    return float(best[:k].sum())


def city_values(pairs: pd.DataFrame, fw: Framework, cities: pd.Index, pathways: Pathways) -> pd.DataFrame:
    """values.csv rows (city, indicator, value, ...) for every city and input indicator, from pairs.csv: each pair
    counts for both of its cities. A city without pathways has no value (the indicator's missing rule decides)."""
    rule, k = pathways.rule
    both = pd.concat([pairs.rename(columns={"city_a": "city", "city_b": "partner"}),
                      pairs.rename(columns={"city_b": "city", "city_a": "partner"})], ignore_index=True)
    grouped = {key: grp["value"].to_numpy(dtype=float) for key, grp in both.groupby(["city", "indicator"])}
    records = []
    for nid in fw.inputs:
        for city in cities:
            value = partner_value(grouped.get((city, nid), np.array([])), rule, k, fw.nodes[nid].direction)
            records.append({"city": city, "indicator": nid, "value": value, "year": math.nan,
                            "source": f"pairs.csv ({pathways.city_score} over partners)", "na": False,
                            "line": math.nan, "decimals": math.nan})
    return pd.DataFrame(records, columns=VALUE_COLUMNS)
