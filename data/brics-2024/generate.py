"""Illustrative indicator values for the 2024 BRICS Smart City Index (edition brics-2024).

    python data/brics-2024/generate.py    # rewrites values.csv next to this file, then verifies it

The release (004_a31bf4f4c638c842.txt) publishes no indicator, no score and no rank: only that 138 cities are
evaluated, which 13 are in the top 10 % of the overall score, that Cairo and New Cairo are in the top 10 % of the
digital-infrastructure and institutional-infrastructure sub-indexes, and how the countries compare. This script
INVENTS raw values for the 14 indicators of framework.csv so that scoring them reproduces exactly those statements.
None of the numbers is data about any city. Standard library, numpy and pandas only; everything random comes from
one generator seeded with SEED.

Model (latent scale: about 1 unit between a strong and an average country)
 1. Natural level of a city: z = BASE[country] + SIZE[size] + CAPITAL (if a capital) + CITY_BONUS[city] + SD_CITY *
    N(0, 1). CITY_BONUS only lifts New Cairo, a planned new town.
 2. Order: the n cities are split into rank blocks by the tier bounds K_t = floor(upto_t * n) of the tiers that
    published.csv states for the overall score (here top10: ranks 1-13 of n = 138, which the 13 named cities fill
    exactly). Each block takes the cities published in its tier, then the best (by z) of the cities the release does
    not name; the cities left over follow. Within a block cities keep their order by z.
 3. Latent overall level L: the values of z sorted from high to low, handed out in that order, minus GAP for every
    stated tier bound above the city's rank. The gaps put a margin between the last city of a stated tier and the
    first city after it.
 4. Sub-index level S[c, k] = L[c] + shift[c] + d[c, k], with d = PROFILE[country][k] + SD_SUB * N(0, 1) centred
    over the five sub-indexes of each city. A statement that a city is in the top tier of a sub-index (Cairo and New
    Cairo on digital and institutional) lifts that S[c, k] above the city that would otherwise stand just inside the
    tier (the 12th best of the other cities), by GAP_SUB, and takes COMPENSATE of the lift back from the city's
    other three sub-indexes: the two cities become strong in digital and institutional infrastructure and weak in
    the rest (the verification checks that they stay outside the overall top 10 %, as the release implies).
 5. Indicator quality q[c, i] = LOADING[i] * S[c, k(i)] + TILT[i][country] + SD_IND * N(0, 1). Most indicators
    follow their sub-index fully (LOADING 1); renewable electricity and air quality depend mostly on the country
    (fuel mix, desert dust), so they follow it weakly and carry a country TILT.
 6. Raw value: q mapped linearly onto the indicator's plausible range (RANGES: the worst city gets `worst`, the best
    `best`; reverse indicators have worst > best), floored where a real indicator stops at 0 (no metro, no 5G, no
    open-data portal), and rounded to the indicator's decimals.
 7. Calibration: the tilts, loadings and floors bend the link between L and the overall score. shift[c] starts at 0;
    CALIBRATION_ROUNDS times, the overall scores are computed (as in step 8) from the rounded raw values, a straight
    line in L is fitted to them, and each city's shift is corrected by its distance from the line. The noise draws
    stay fixed, so the result is deterministic; the overall score ends up (almost exactly) a straight line in L, so
    the gaps of step 3 appear as score margins at the tier bounds.
 8. Verification, on the values as written to values.csv: min-max onto [0, 100] per indicator (reverse indicators
    mirrored: lowest raw value scores 100), weighted arithmetic means up the tree with the weights of framework.csv,
    competition ranks on unrounded scores (ties: exact), the tier rule rank <= floor(upto * n). Every row of
    published.csv, and every further statement of extra_checks() (NOTES.md states them), must hold with a margin of
    at least MIN_MARGIN score points (or one city for counts). Otherwise the script exits with status 1 and lists
    every failure; values.csv is written only when everything holds.
"""

from __future__ import annotations

import math
import re
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
    k = bound(TIERS["top10"], len(cities))
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


# ---- engine (the same in every illustrative edition) ---------------------------------------------------------

def read(name: str) -> pd.DataFrame:
    return pd.read_csv(HERE / name, dtype=str, keep_default_na=False)


def check_tiers() -> None:
    text = (HERE / "edition.yaml").read_text(encoding="utf-8")
    found = {m[0]: float(m[1]) for m in re.findall(r"\{id:\s*([\w-]+),\s*upto:\s*([0-9.]+)", text)}
    if found != TIERS:
        sys.exit(f"generate.py: TIERS {TIERS} differ from edition.yaml {found}")


def bound(upto: float, n: int) -> int:
    return math.floor(upto * n + 1e-9)


def tier_interval(tier: str, n: int) -> tuple[int, int]:
    """Ranks (first, last) of a tier: after the next-narrower tier's bound, up to its own."""
    narrower = [u for u in TIERS.values() if u < TIERS[tier]]
    return (bound(max(narrower), n) + 1 if narrower else 1), bound(TIERS[tier], n)


def latent(cities: pd.DataFrame, published: pd.DataFrame, noise: np.ndarray) -> np.ndarray:
    """Steps 1-3: the latent overall level L per city (cities.csv order)."""
    n = len(cities)
    bonus = np.array([CITY_BONUS.get(c, 0.0) for c in cities.index])
    z = (cities["country"].map(BASE).to_numpy(float) + cities["size"].map(SIZE).to_numpy(float)
         + CAPITAL * (cities["capital"] == "yes").to_numpy() + bonus + SD_CITY * noise)
    stated = published[published["indicator"] == "overall"]
    named = dict(zip(stated["city"], stated["tier"], strict=True))
    by_z = list(cities.index[np.argsort(-z, kind="stable")])
    free = [c for c in by_z if c not in named]
    order, bounds = [], set()
    for tier in sorted(set(named.values()), key=TIERS.get):
        first, last = tier_interval(tier, n)
        if len(order) != first - 1:
            sys.exit(f"generate.py: tiers stated for the overall score must be consecutive from the top ({tier})")
        block = [c for c in by_z if named.get(c) == tier]
        if len(block) > last - first + 1:
            sys.exit(f"generate.py: {len(block)} cities stated in {tier}, which holds only {last - first + 1}")
        take = last - first + 1 - len(block)
        block, free = block + free[:take], free[take:]
        order += sorted(block, key=by_z.index)
        bounds |= {first - 1, last} - {0, n}
    order += free
    level = np.sort(z)[::-1] - GAP * np.array([sum(pos >= b for b in bounds) for pos in range(n)])
    return pd.Series(level, index=order).reindex(cities.index).to_numpy(float)


def sub_levels(cities: pd.DataFrame, published: pd.DataFrame, level: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """Step 4: sub-index levels S (cities x SUBS) around L, with the lifts that sub-index statements need."""
    n = len(cities)
    d = np.array([PROFILE.get(c, (0.0,) * len(SUBS)) for c in cities["country"]], float) + SD_SUB * noise
    s = level[:, None] + d - d.mean(axis=1, keepdims=True)
    pos = {c: i for i, c in enumerate(cities.index)}
    lift = np.zeros_like(s)
    for k, sub in enumerate(SUBS):
        rows = published[published["indicator"] == sub]
        if rows.empty:
            continue
        if set(rows["tier"]) != {min(TIERS, key=TIERS.get)}:
            sys.exit(f"generate.py: only top-tier statements are supported for sub-indexes ({sub})")
        named = [pos[c] for c in rows["city"]]
        others = np.sort(np.delete(s[:, k], named))[::-1]
        threshold = others[bound(min(TIERS.values()), n) - len(named)]  # the city that would stand just inside
        lift[named, k] = np.maximum(0.0, threshold + GAP_SUB - s[named, k])
    for i in np.flatnonzero(lift.any(axis=1)):  # the unstated sub-indexes give back COMPENSATE of the lift
        unstated = lift[i] == 0
        s[i] += lift[i]
        s[i, unstated] -= COMPENSATE * lift[i].sum() / unstated.sum()
    return s


def raw_values(framework: pd.DataFrame, countries: pd.Series, s: np.ndarray, noise: np.ndarray) -> pd.DataFrame:
    """Steps 5-6: raw values (cities x input indicators) as written, i.e. rounded."""
    inputs = framework[framework["parent"].isin(SUBS)]
    if set(inputs["id"]) != set(RANGES):
        sys.exit("generate.py: RANGES must name exactly the indicators of framework.csv")
    out = {}
    for j, (ind, parent) in enumerate(zip(inputs["id"], inputs["parent"], strict=True)):
        tilt = countries.map(TILT.get(ind, {})).fillna(0.0).to_numpy(float)
        q = LOADING.get(ind, 1.0) * s[:, SUBS.index(parent)] + tilt + SD_IND * noise[:, j]
        worst, best, floor, decimals = RANGES[ind]
        x = worst + (q - q.min()) / (q.max() - q.min()) * (best - worst)
        if floor is not None:
            x = np.maximum(x, floor)
        out[ind] = np.round(x, decimals) + 0.0
    return pd.DataFrame(out, index=countries.index)


def long_values(framework: pd.DataFrame, raw: pd.DataFrame) -> pd.DataFrame:
    """values.csv rows: one per city and indicator (cities.csv and framework.csv order), formatted."""
    rows = [(c, ind, f"{raw.at[c, ind]:.{RANGES[ind][3]}f}", SOURCE) for c in raw.index for ind in raw.columns]
    return pd.DataFrame(rows, columns=["city", "indicator", "value", "source"])


def calibrated(framework: pd.DataFrame, cities: pd.DataFrame, published: pd.DataFrame, level: np.ndarray,
               sub_noise: np.ndarray, ind_noise: np.ndarray) -> pd.DataFrame:
    """Step 7: shift each city's general level until its computed overall score is a straight line in L."""
    shift = np.zeros(len(level))
    for _ in range(CALIBRATION_ROUNDS):
        s = sub_levels(cities, published, level + shift, sub_noise)
        values = long_values(framework, raw_values(framework, cities["country"], s, ind_noise))
        overall = score(framework, values, cities.index)["overall"].to_numpy()
        slope, intercept = np.polyfit(level, overall, 1)
        shift -= (overall - (slope * level + intercept)) / slope
    return values


def score(framework: pd.DataFrame, values: pd.DataFrame, city_ids: pd.Index) -> pd.DataFrame:
    """Scores as the build computes them: min-max onto [0, 100], reverse mirrored, weighted arithmetic means."""
    wide = values.pivot(index="city", columns="indicator", values="value").reindex(city_ids).astype(float)
    fw = framework.set_index("id")
    cols: dict[str, np.ndarray] = {}
    for ind in wide.columns:
        x = wide[ind].to_numpy()
        share = (x - x.min()) / (x.max() - x.min())
        cols[ind] = 100.0 * (share if fw.at[ind, "direction"] != "-" else 1.0 - share)
    depth = {nid: 0 for nid in fw.index}
    for nid in fw.index:
        p = fw.at[nid, "parent"]
        while p:
            depth[nid] += 1
            p = fw.at[p, "parent"]
    for nid in sorted(fw.index, key=lambda i: -depth[i]):
        kids = fw.index[fw["parent"] == nid]
        if len(kids):
            cols[nid] = sum(float(fw.at[k, "weight"]) * cols[k] for k in kids)
    return pd.DataFrame(cols, index=city_ids)


def competition_ranks(x: np.ndarray) -> np.ndarray:
    key = np.round(x, 9)
    return np.array([1 + int((key > v).sum()) for v in key])


def verify(framework: pd.DataFrame, cities: pd.DataFrame, published: pd.DataFrame,
           values: pd.DataFrame) -> list[tuple[str, float, str]]:
    """Step 8: every statement with its margin; exits listing the failures if one fails."""
    scores = score(framework, values, cities.index)
    ranks = scores.apply(lambda col: pd.Series(competition_ranks(col.to_numpy()), index=col.index))
    n = len(cities)
    report, failures = [], []
    for row in published.itertuples():
        ordered = np.sort(scores[row.indicator].to_numpy())[::-1]
        first, last = tier_interval(row.tier, n)
        mine = scores.at[row.city, row.indicator]
        margins = []
        if last < n:
            margins.append(mine - ordered[last])  # above the best city after the tier
        if first > 1:
            margins.append(ordered[first - 2] - mine)  # below the last city of the narrower tier
        margin = min(margins) if margins else math.inf
        rank = int(ranks.at[row.city, row.indicator])
        text = f"{row.city} {row.indicator} in {row.tier} (ranks {first}-{last}): rank {rank}, score {mine:.2f}"
        report.append((text, margin, "points"))
        if not (first <= rank <= last and margin >= MIN_MARGIN):
            failures.append(f"{text}, margin {margin:.2f}")
    for text, margin, unit in extra_checks(scores, ranks, cities):
        report.append((text, margin, unit))
        if margin < (MIN_MARGIN if unit == "points" else 1):
            failures.append(f"{text}, margin {margin:.2f} {unit}")
    if failures:
        sys.exit("generate.py: statements that do not hold with the required margin:\n  " + "\n  ".join(failures))
    return report


def generate(seed: int) -> tuple[pd.DataFrame, list[tuple[str, float, str]]]:
    """values.csv rows for a seed, and the verified statements with their margins."""
    check_tiers()
    framework, cities, published = read("framework.csv"), read("cities.csv").set_index("id"), read("published.csv")
    n, m = len(cities), int(framework["parent"].isin(SUBS).sum())
    rng = np.random.default_rng(seed)
    city_noise, sub_noise, ind_noise = rng.standard_normal(n), rng.standard_normal((n, len(SUBS))), \
        rng.standard_normal((n, m))
    level = latent(cities, published, city_noise)
    values = calibrated(framework, cities, published, level, sub_noise, ind_noise)
    return values, verify(framework, cities, published, values)


def main() -> None:
    values, report = generate(SEED)
    values.to_csv(HERE / "values.csv", index=False, lineterminator="\n")
    lines = [f"wrote {HERE / 'values.csv'}: {len(values)} rows; every statement holds (margin >= {MIN_MARGIN}):"]
    lines += [f"  {text}; margin {margin:.2f} {unit}" for text, margin, unit in report]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
