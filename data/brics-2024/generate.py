"""Illustrative indicator values for the 2024 BRICS Smart City Index (edition brics-2024).

    python data/brics-2024/generate.py    # rewrites values.csv next to this file, then verifies it

The release (004_a31bf4f4c638c842.txt) publishes no indicator, no score and no rank: only that 138 cities are
evaluated, which 13 are in the top 10 % of the overall score, that Cairo and New Cairo are in the top 10 % of the
digital-infrastructure and institutional-infrastructure sub-indexes, and how the countries compare. This script
INVENTS raw values for the 14 indicators of framework.csv so that scoring them reproduces exactly those statements.
None of the numbers is data about any city. Standard library, numpy and pandas only; everything random comes from
one generator seeded with SEED.

Model: data/smartcity_model.py describes the steps. Here: CITY_BONUS lifts New Cairo, a planned new town
(step 1); tier top10 (ranks 1-13 of n = 138, which the 13 named cities fill exactly) orders the cities (step 2);
Cairo and New Cairo, stated in the top 10 % of the digital and institutional sub-indexes, have those two lifted above
the 12th best of the other cities (step 4), which makes them strong there and weak in the rest (the verification
checks that they stay outside the overall top 10 %, as the release implies).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SEED = 20240919  # the release date of the index (19 September 2024)
SOURCE = f"illustrative: generate.py (seed {SEED})"
BASE = {  # plausible national level of smart-city infrastructure (illustrative); strong: cn, ru, ae, sa
    "ae": 1.00, "sa": 0.80, "cn": 0.75, "ru": 0.60,
    "br": -0.10, "ir": -0.20, "za": -0.20, "eg": -0.30, "in": -0.35, "et": -0.90,
}
TIERS = {"top10": 0.10, "top30": 0.30, "rest": 1.00}  # must match edition.yaml (checked)
MIN_MARGIN = 0.5  # score points on [0, 100]
SIZE = {"large": 0.45, "medium": 0.15, "small": -0.20}
CAPITAL = 0.20
CITY_BONUS = {"new-cairo": 0.50}  # a planned new town, built with its infrastructure (illustrative)
SD_CITY = 0.20
GAP = 0.12
GAP_SUB = 0.20
COMPENSATE = 0.50  # share of a sub-index lift taken back from the city's other sub-indexes
SD_SUB = 0.20
SD_IND = 0.10
CALIBRATION_ROUNDS = 12
LOADING = {"green.renewable": 0.3, "green.pm25": 0.5}  # how strongly an indicator follows its sub-index (else 1)

SUBS = ["digital", "institutional", "mobility", "green", "social"]
PROFILE = {  # tilt of a country across the sub-indexes (centred per city)
    "cn": (0.15, 0.05, 0.20, -0.25, -0.15),
    "ru": (0.10, 0.00, 0.15, 0.00, 0.10),
    "ae": (0.15, 0.10, 0.00, -0.30, 0.05),
    "sa": (0.10, 0.15, -0.15, -0.30, 0.05),
    "in": (-0.05, 0.15, -0.10, -0.30, 0.05),
    "br": (0.00, 0.00, -0.15, 0.35, 0.05),
    "za": (0.00, 0.10, -0.20, -0.05, 0.10),
    "ir": (0.00, -0.25, 0.05, -0.05, 0.20),
    "eg": (0.25, 0.25, -0.15, -0.25, -0.10),
    "et": (-0.25, 0.00, -0.05, 0.40, -0.10),
}
TILT = {  # country strengths and weaknesses on single indicators (step 5); others 0
    "green.renewable": {"et": 2.2, "br": 1.8, "cn": -0.5, "ru": -0.9, "in": -0.6, "eg": -1.0, "ae": -1.4, "za": -1.4,
                        "ir": -1.6, "sa": -2.0},  # hydro in Ethiopia and Brazil; oil, gas and coal elsewhere
    "green.pm25": {"ru": 1.0, "br": 0.8, "za": 0.3, "et": -0.2, "cn": -0.6, "ir": -0.8, "ae": -1.2, "sa": -1.4,
                   "eg": -1.4, "in": -1.8},  # positive: cleaner air
    "social.payments": {"cn": 0.6, "in": 0.3},
}
# indicator: (worst, best, floor or None, decimals); the worst raw value may lie below the floor
RANGES = {
    "digital.broadband": (6.0, 310.0, None, 1),
    "digital.5g": (-25.0, 99.5, 0.0, 1),
    "digital.datacentre": (0.02, 42.0, None, 2),
    "digital.iot": (0.3, 80.0, None, 1),
    "institutional.egov": (6.0, 98.0, None, 1),
    "institutional.opendata": (-700.0, 3800.0, 0.0, 0),
    "institutional.planning": (0.8, 9.6, None, 1),
    "institutional.cyber": (10.0, 98.5, None, 1),
    "mobility.rail": (-12.0, 38.0, 0.0, 1),
    "mobility.congestion": (72.0, 11.0, None, 1),
    "green.renewable": (0.1, 95.0, None, 1),
    "green.pm25": (105.0, 7.0, None, 1),
    "social.payments": (6.0, 99.0, None, 1),
    "social.tertiary": (3.5, 52.0, None, 1),
}
STRONG = ["cn", "ru", "ae", "sa"]
WEAK = ["in", "br", "et", "ir", "za", "eg"]


def extra_checks(scores: pd.DataFrame, ranks: pd.DataFrame, cities: pd.DataFrame) -> list[tuple[str, float, str]]:
    """Further statements of the release (our reading), as (statement, margin, unit); NOTES.md lists them."""
    k = smartcity_model.bound(TIERS["top10"], len(cities))
    out = []
    for node in ["overall", "digital", "institutional"]:  # the release names only these two sub-indexes
        top = ranks.index[ranks[node] <= k]
        asian = int((cities.loc[top, "region"] == "asia").sum())
        out.append((f"Asian cities hold a majority of the top-10% places on {node}: {asian} of {len(top)}",
                    asian - len(top) // 2, "cities"))
    mean = scores["overall"].groupby(cities["country"]).mean()
    lo, hi = mean[STRONG].idxmin(), mean[WEAK].idxmax()
    out.append((f"mean overall score of every one of {', '.join(STRONG)} above that of every one of "
                f"{', '.join(WEAK)}: lowest {lo} {mean[lo]:.2f} > highest {hi} {mean[hi]:.2f}",
                mean[lo] - mean[hi], "points"))
    ordered = np.sort(scores["overall"].to_numpy())[::-1]
    weak = scores["overall"][cities["country"].isin(WEAK)]
    out.append((f"no city of {', '.join(WEAK)} in the overall top 10%: best {weak.idxmax()} {weak.max():.2f} "
                f"< rank-{k} score {ordered[k - 1]:.2f}", ordered[k - 1] - weak.max(), "points"))
    return out


sys.path.insert(0, str(HERE.parent))
import smartcity_model  # noqa: E402 - data/smartcity_model.py, the model both smart-city editions share

if __name__ == "__main__":
    smartcity_model.main(sys.modules[__name__])
