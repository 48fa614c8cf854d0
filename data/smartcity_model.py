"""The model both illustrative smart-city editions (las-2024, brics-2024) share: their generate.py holds the
edition's constants (SEED, TIERS, BASE, SIZE, PROFILE, TILT, RANGES, ...) and `extra_checks`, and calls
`main(sys.modules[__name__])`; the model reads them from that module, `ed`. Each generate.py's docstring says what
its release states and how the steps below apply to it.

Model (latent scale: about 1 unit between a strong and an average country)
 1. Natural level of a city: z = BASE[country] + SIZE[size] + CAPITAL (if a capital) + CITY_BONUS[city] + SD_CITY *
    N(0, 1). CITY_BONUS lifts a city the edition names (a planned new town).
 2. Order: the n cities are split into rank blocks by the tier bounds K_t = floor(upto_t * n) of the tiers that
    published.csv states for the overall score. Each block takes the cities published in its tier, then the best (by
    z) of the cities the release does not name; the cities left over follow. Within a block cities keep their order
    by z.
 3. Latent overall level L: the values of z sorted from high to low, handed out in that order, minus GAP for every
    stated tier bound above the city's rank. The gaps put a margin between the last city of a stated tier and the
    first city after it.
 4. Sub-index level S[c, k] = L[c] + shift[c] + d[c, k], with d = PROFILE[country][k] + SD_SUB * N(0, 1) centred
    over the five sub-indexes of each city. A statement that a city is in the top tier of a sub-index lifts that
    S[c, k] above the city that would otherwise stand just inside the tier, by GAP_SUB, and takes COMPENSATE of the
    lift back from the city's other sub-indexes; without such statements the mean of S over k is L + shift.
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
from types import ModuleType

import numpy as np
import pandas as pd


def read(ed: ModuleType, name: str) -> pd.DataFrame:
    return pd.read_csv(ed.HERE / name, dtype=str, keep_default_na=False)


def check_tiers(ed: ModuleType) -> None:
    text = (ed.HERE / "edition.yaml").read_text(encoding="utf-8")
    found = {tier: float(upto) for tier, upto in re.findall(r"\{id:\s*([\w-]+),\s*upto:\s*([0-9.]+)", text)}
    if found != ed.TIERS:
        sys.exit(f"generate.py: TIERS {ed.TIERS} differ from edition.yaml {found}")


def bound(upto: float, n: int) -> int:
    return math.floor(upto * n + 1e-9)


def tier_interval(ed: ModuleType, tier: str, n: int) -> tuple[int, int]:
    """Ranks (first, last) of a tier: after the next-narrower tier's bound, up to its own."""
    narrower = [u for u in ed.TIERS.values() if u < ed.TIERS[tier]]
    return (bound(max(narrower), n) + 1 if narrower else 1), bound(ed.TIERS[tier], n)


def latent(ed: ModuleType, cities: pd.DataFrame, published: pd.DataFrame, noise: np.ndarray) -> np.ndarray:
    """Steps 1-3: the latent overall level L per city (cities.csv order)."""
    n = len(cities)
    bonus = np.array([ed.CITY_BONUS.get(c, 0.0) for c in cities.index])
    z = (cities["country"].map(ed.BASE).to_numpy(float) + cities["size"].map(ed.SIZE).to_numpy(float)
         + ed.CAPITAL * (cities["capital"] == "yes").to_numpy() + bonus + ed.SD_CITY * noise)
    stated = published[published["indicator"] == "overall"]
    named = dict(zip(stated["city"], stated["tier"], strict=True))
    by_z = list(cities.index[np.argsort(-z, kind="stable")])
    free = [c for c in by_z if c not in named]
    order, bounds = [], set()
    for tier in sorted(set(named.values()), key=ed.TIERS.get):
        first, last = tier_interval(ed, tier, n)
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
    level = np.sort(z)[::-1] - ed.GAP * np.array([sum(pos >= b for b in bounds) for pos in range(n)])
    return pd.Series(level, index=order).reindex(cities.index).to_numpy(float)


def sub_levels(ed: ModuleType, cities: pd.DataFrame, published: pd.DataFrame, level: np.ndarray,
               noise: np.ndarray) -> np.ndarray:
    """Step 4: sub-index levels S (cities x ed.SUBS) around L, with the lifts that sub-index statements need."""
    n = len(cities)
    d = np.array([ed.PROFILE.get(c, (0.0,) * len(ed.SUBS)) for c in cities["country"]], float) + ed.SD_SUB * noise
    s = level[:, None] + d - d.mean(axis=1, keepdims=True)
    pos = {c: i for i, c in enumerate(cities.index)}
    lift = np.zeros_like(s)
    for k, sub in enumerate(ed.SUBS):
        rows = published[published["indicator"] == sub]
        if rows.empty:
            continue
        if set(rows["tier"]) != {min(ed.TIERS, key=ed.TIERS.get)}:
            sys.exit(f"generate.py: only top-tier statements are supported for sub-indexes ({sub})")
        named = [pos[c] for c in rows["city"]]
        others = np.sort(np.delete(s[:, k], named))[::-1]
        threshold = others[bound(min(ed.TIERS.values()), n) - len(named)]  # the city that would stand just inside
        lift[named, k] = np.maximum(0.0, threshold + ed.GAP_SUB - s[named, k])
    for i in np.flatnonzero(lift.any(axis=1)):  # the unstated sub-indexes give back ed.COMPENSATE of the lift
        unstated = lift[i] == 0
        s[i] += lift[i]
        s[i, unstated] -= ed.COMPENSATE * lift[i].sum() / unstated.sum()
    return s


def raw_values(ed: ModuleType, framework: pd.DataFrame, countries: pd.Series, s: np.ndarray,
               noise: np.ndarray) -> pd.DataFrame:
    """Steps 5-6: raw values (cities x input indicators) as written, i.e. rounded."""
    inputs = framework[framework["parent"].isin(ed.SUBS)]
    if set(inputs["id"]) != set(ed.RANGES):
        sys.exit("generate.py: ed.RANGES must name exactly the indicators of framework.csv")
    out = {}
    for j, (ind, parent) in enumerate(zip(inputs["id"], inputs["parent"], strict=True)):
        tilt = countries.map(ed.TILT.get(ind, {})).fillna(0.0).to_numpy(float)
        q = ed.LOADING.get(ind, 1.0) * s[:, ed.SUBS.index(parent)] + tilt + ed.SD_IND * noise[:, j]
        worst, best, floor, decimals = ed.RANGES[ind]
        x = worst + (q - q.min()) / (q.max() - q.min()) * (best - worst)
        if floor is not None:
            x = np.maximum(x, floor)
        out[ind] = np.round(x, decimals) + 0.0
    return pd.DataFrame(out, index=countries.index)


def long_values(ed: ModuleType, framework: pd.DataFrame, raw: pd.DataFrame) -> pd.DataFrame:
    """values.csv rows: one per city and indicator (cities.csv and framework.csv order), formatted."""
    rows = [(c, ind, f"{raw.at[c, ind]:.{ed.RANGES[ind][3]}f}", ed.SOURCE) for c in raw.index for ind in raw.columns]
    return pd.DataFrame(rows, columns=["city", "indicator", "value", "source"])


def calibrated(ed: ModuleType, framework: pd.DataFrame, cities: pd.DataFrame, published: pd.DataFrame,
               level: np.ndarray, sub_noise: np.ndarray, ind_noise: np.ndarray) -> pd.DataFrame:
    """Step 7: shift each city's general level until its computed overall score is a straight line in L."""
    shift = np.zeros(len(level))
    for _ in range(ed.CALIBRATION_ROUNDS):
        s = sub_levels(ed, cities, published, level + shift, sub_noise)
        values = long_values(ed, framework, raw_values(ed, framework, cities["country"], s, ind_noise))
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


def verify(ed: ModuleType, framework: pd.DataFrame, cities: pd.DataFrame, published: pd.DataFrame,
           values: pd.DataFrame) -> list[tuple[str, float, str]]:
    """Step 8: every statement with its margin; exits listing the failures if one fails."""
    scores = score(framework, values, cities.index)
    ranks = scores.apply(lambda col: pd.Series(competition_ranks(col.to_numpy()), index=col.index))
    n = len(cities)
    report, failures = [], []
    for row in published.itertuples():
        ordered = np.sort(scores[row.indicator].to_numpy())[::-1]
        first, last = tier_interval(ed, row.tier, n)
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
        if not (first <= rank <= last and margin >= ed.MIN_MARGIN):
            failures.append(f"{text}, margin {margin:.2f}")
    for text, margin, unit in ed.extra_checks(scores, ranks, cities):
        report.append((text, margin, unit))
        if margin < (ed.MIN_MARGIN if unit == "points" else 1):
            failures.append(f"{text}, margin {margin:.2f} {unit}")
    if failures:
        sys.exit("generate.py: statements that do not hold with the required margin:\n  " + "\n  ".join(failures))
    return report


def generate(ed: ModuleType, seed: int) -> tuple[pd.DataFrame, list[tuple[str, float, str]]]:
    """values.csv rows for a seed, and the verified statements with their margins."""
    check_tiers(ed)
    framework, cities = read(ed, "framework.csv"), read(ed, "cities.csv").set_index("id")
    published = read(ed, "published.csv")
    n, k = len(cities), int(framework["parent"].isin(ed.SUBS).sum())
    rng = np.random.default_rng(seed)
    city_noise, sub_noise, ind_noise = rng.standard_normal(n), rng.standard_normal((n, len(ed.SUBS))), \
        rng.standard_normal((n, k))
    level = latent(ed, cities, published, city_noise)
    values = calibrated(ed, framework, cities, published, level, sub_noise, ind_noise)
    return values, verify(ed, framework, cities, published, values)


def main(ed: ModuleType) -> None:
    values, report = generate(ed, ed.SEED)
    values.to_csv(ed.HERE / "values.csv", index=False, lineterminator="\n")
    lines = [f"wrote {ed.HERE / 'values.csv'}: {len(values)} rows; every statement holds (margin >= {ed.MIN_MARGIN}):"]
    lines += [f"  {text}; margin {margin:.2f} {unit}" for text, margin, unit in report]
    sys.stdout.write("\n".join(lines) + "\n")


