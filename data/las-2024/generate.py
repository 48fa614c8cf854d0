"""Illustrative indicator values for the 2024 LAS Smart City Ranking (edition las-2024).

    python data/las-2024/generate.py      # rewrites values.csv next to this file, then verifies it

The release (003_8f6a77f400b1fcc1.txt) publishes no indicator, no score and no rank: only which cities are in the
top 10 % and in the second tier (10-30 %) of the overall ranking, and a remark on regional clusters. This script
INVENTS raw values for the 14 indicators of framework.csv so that scoring them reproduces exactly those statements.
None of the numbers is data about any city. Standard library, numpy and pandas only; everything random comes from
one generator seeded with SEED.

Model: data/smartcity_model.py describes the steps. Here: tiers top10 (ranks 1-8) and top30 (ranks 9-24) of
n = 80 order the cities (step 2); CITY_BONUS lifts New Cairo, a planned new town (step 1); the release states no
sub-index tier, so no sub-index level is lifted (step 4).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
SEED = 20240916  # the release date of the ranking (16 September 2024)
SOURCE = f"illustrative: generate.py (seed {SEED})"
BASE = {  # plausible national level of smart-city infrastructure (illustrative)
    "ae": 1.15, "qa": 1.10, "sa": 0.85, "bh": 0.65, "kw": 0.60, "om": 0.40,
    "ma": 0.00, "eg": -0.05, "jo": -0.05, "tn": -0.15, "dz": -0.30, "lb": -0.45,
    "iq": -0.70, "ps": -0.75, "ly": -0.85, "dj": -1.00, "mr": -1.20, "sd": -1.35,
    "sy": -1.35, "km": -1.35, "ye": -1.50, "so": -1.60,
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
PROFILE = {  # tilt of a country across the sub-indexes (centred per city); others 0
    "ae": (0.15, 0.10, 0.05, -0.25, 0.00),
    "qa": (0.10, 0.00, 0.05, -0.25, 0.10),
    "sa": (0.10, 0.15, -0.10, -0.25, 0.05),
    "eg": (0.05, 0.10, -0.15, -0.05, -0.05),
    "ma": (0.00, 0.00, 0.05, 0.20, -0.10),
    "jo": (0.00, 0.05, -0.10, 0.05, 0.15),
    "lb": (-0.10, -0.20, -0.10, 0.05, 0.30),
    "iq": (-0.05, -0.20, -0.10, -0.05, 0.10),
}
TILT = {  # country strengths and weaknesses on single indicators (step 5); others 0
    "green.renewable": {  # oil and gas producers generate little renewable electricity
        "kw": -2.6, "qa": -2.6, "bh": -2.6, "sa": -2.4, "ly": -2.2, "dz": -2.0, "iq": -1.8, "om": -1.8, "ae": -1.6,
        "tn": -1.0, "sy": -0.8, "ye": -0.8, "km": -0.8, "lb": -0.8, "eg": -0.6, "ps": -0.5, "so": -0.5, "mr": -0.3,
        "dj": 0.3, "ma": 0.5, "sd": 0.5,
    },
    "green.pm25": {  # positive: cleaner air; desert dust weighs on the Gulf, the Nile Valley and Iraq
        "kw": -1.2, "qa": -1.2, "bh": -1.2, "ae": -1.2, "sa": -1.2, "eg": -1.2, "iq": -1.2, "sd": -1.0, "om": -0.8,
        "mr": -0.6, "ye": -0.5, "ly": -0.3, "sy": -0.3, "lb": 0.2, "dz": 0.2, "tn": 0.3, "ma": 0.6, "km": 1.2,
    },
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
    "green.renewable": (0.1, 65.0, None, 1),
    "green.pm25": (90.0, 8.0, None, 1),
    "social.payments": (6.0, 99.0, None, 1),
    "social.tertiary": (3.5, 52.0, None, 1),
}


def extra_checks(scores: pd.DataFrame, ranks: pd.DataFrame, cities: pd.DataFrame) -> list[tuple[str, float, str]]:
    """Further statements of the release (our reading), as (statement, margin, unit); NOTES.md lists them."""
    mean = scores["overall"].groupby(cities["region"]).mean()
    return [(f"mean overall score: gulf ({mean['gulf']:.2f}) > {other} ({mean[other]:.2f})",
             mean["gulf"] - mean[other], "points") for other in ["nile-delta", "red-sea", "maghreb"]]


sys.path.insert(0, str(HERE.parent))
import smartcity_model  # noqa: E402 - data/smartcity_model.py, the model both smart-city editions share

if __name__ == "__main__":
    smartcity_model.main(sys.modules[__name__])
