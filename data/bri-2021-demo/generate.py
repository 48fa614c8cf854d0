"""Illustrative pathway data for the bri-2021-demo edition (writes pairs.csv next to this file).

Nothing here is published data. The Belt and Road Cities' Connectivity Index (seed
001_64380c00de93fc4e.txt) prints ranks only: no metric value of any city or pathway. This
generator invents raw pathway values of a plausible kind and scale so that the computed method
(pathway values -> city values -> standardized metric scores -> category and overall scores)
can run end to end. It is not fitted to the published ranks and does not reproduce them.

Run:  python data/bri-2021-demo/generate.py     (stdlib + numpy; deterministic, seed below)

Pathways
--------
The 22 cities give 231 unordered pairs; the index assesses 195 "two-way city pathways". The
report does not say which 36 pairs are absent. 36 is exactly the number of pairs of two Chinese
cities (9 * 8 / 2), and every pathway the report names joins cities of two different countries,
so the generator keeps the 195 international pairs (both cities in different countries) and
drops the 36 domestic ones. That is our reading, not a statement of the report.

Model
-----
Each city has hand-set illustrative attributes (CITY below): coordinates (approximate), a rough
economic size ``size`` (order of magnitude of city GDP in USD bn) and factors in [0, 1] for
trade openness, port, air hub, rail hub, finance, digital and policy (political and
international-exchange weight). They are rough orders of magnitude from general knowledge, for
illustration only; they are not sourced and not checked.

For a pair (i, j) at great-circle distance d (km), each metric is a gravity-style term

    value = k * f_i * f_j * (size_i * size_j) ** a / (d / 1000) ** b * noise

with the metric's own factor f, exponents a and b, scale k, and multiplicative log-normal noise
(sigma given per metric), followed by the metric's rule for zeros and rounding:

* sister-cities: 0/1. Latent score log(policy_i * policy_j * (size_i size_j)^0.25 / d^0.3)
  plus normal noise; the top 30 % of the 195 pairs are sister cities.
* international-cooperation: count of international city-cooperation organisations and
  platforms both cities take part in; Poisson with mean 0.3 + 6 * policy_i * policy_j.
* major-conferences: count of major (BRI-related) conferences both cities took part in;
  Poisson with mean 8 * policy_i * policy_j, times 1.5 when one of them is Chinese.
* passenger-flights: direct passenger flights per week (both directions); zero beyond 11,000 km
  and where the gravity term is under 2 (no direct service); rounded to whole flights.
* shipping-routes: direct liner shipping routes between the two ports; only between two
  coastal cities (coast as in cities.csv) with a port factor above 0.
* rail-freight: direct freight trains per week; only on the continental Eurasian network (the
  Chinese cities, Almaty, Moscow, Vienna, Istanbul) and the Istanbul-Karachi corridor, within
  8,000 km; zero where the term rounds to 0.
* trade: imports plus exports between the two cities, USD million per year (1 decimal).
* fdi: foreign direct investment in both directions, USD million per year (1 decimal); a weak
  distance decay (b = 0.1, the report says financial integration "is not influenced by
  distance"); zero below USD 5 million (no capital transactions).
* airline-seats: average airline seats per week = passenger flights * seats per flight, the
  latter drawn uniformly from 150 to 330.
* broadband-traffic: intercity broadband traffic, Gbps (1 decimal, at least 0.1).

Every row carries source "illustrative: generate.py (seed 2021)".
"""

from __future__ import annotations

import csv
import math
from itertools import combinations
from pathlib import Path

import numpy as np

SEED = 2021
HERE = Path(__file__).resolve().parent
SOURCE = f"illustrative: generate.py (seed {SEED})"
METRICS = ["sister-cities", "international-cooperation", "major-conferences", "passenger-flights",
           "shipping-routes", "rail-freight", "trade", "fdi", "airline-seats", "broadband-traffic"]

# id: lat, lon, size, open, port, air, rail, fin, digital, policy   (illustrative, see docstring)
CITY = {
    "singapore":    (1.35, 103.82, 370, 1.0, 1.0, 0.9, 0.0, 1.0, 1.0, 0.6),
    "shanghai":     (31.23, 121.47, 580, 0.8, 1.0, 0.9, 0.6, 0.8, 0.9, 0.8),
    "beijing":      (39.90, 116.40, 550, 0.6, 0.0, 0.9, 0.7, 0.7, 0.9, 1.0),
    "bangkok":      (13.76, 100.50, 190, 0.7, 0.5, 0.8, 0.0, 0.5, 0.5, 0.7),
    "seoul":        (37.57, 126.98, 450, 0.7, 0.6, 0.8, 0.0, 0.8, 0.6, 0.8),
    "dubai":        (25.20, 55.27, 110, 0.9, 0.8, 1.0, 0.0, 0.8, 0.8, 0.5),
    "moscow":       (55.76, 37.62, 330, 0.4, 0.0, 0.7, 1.0, 0.6, 0.5, 0.9),
    "istanbul":     (41.01, 28.98, 250, 0.5, 0.6, 0.8, 0.4, 0.5, 0.5, 0.6),
    "shenzhen":     (22.54, 114.06, 400, 0.9, 0.9, 0.6, 0.4, 0.6, 0.8, 0.3),
    "chengdu":      (30.57, 104.07, 260, 0.4, 0.0, 0.6, 0.9, 0.4, 0.7, 0.5),
    "tianjin":      (39.34, 117.36, 200, 0.5, 0.7, 0.3, 0.5, 0.4, 0.6, 0.3),
    "rome":         (41.90, 12.50, 180, 0.4, 0.2, 0.6, 0.0, 0.4, 0.4, 0.8),
    "qingdao":      (36.07, 120.38, 180, 0.6, 0.8, 0.4, 0.5, 0.3, 0.5, 0.3),
    "cairo":        (30.04, 31.24, 100, 0.3, 0.3, 0.5, 0.0, 0.2, 0.2, 0.8),
    "karachi":      (24.86, 67.01, 80, 0.3, 0.5, 0.3, 0.2, 0.2, 0.2, 0.3),
    "vienna":       (48.21, 16.37, 140, 0.5, 0.0, 0.5, 0.4, 0.4, 0.4, 0.6),
    "xian":         (34.34, 108.94, 150, 0.3, 0.0, 0.4, 0.8, 0.2, 0.5, 0.4),
    "zhengzhou":    (34.75, 113.63, 180, 0.4, 0.0, 0.4, 0.8, 0.3, 0.5, 0.2),
    "almaty":       (43.24, 76.89, 50, 0.3, 0.0, 0.3, 0.6, 0.2, 0.2, 0.3),
    "johannesburg": (-26.20, 28.05, 90, 0.3, 0.0, 0.5, 0.0, 0.3, 0.2, 0.3),
    "nairobi":      (-1.29, 36.82, 40, 0.2, 0.0, 0.4, 0.0, 0.2, 0.2, 0.4),
    "urumqi":       (43.83, 87.62, 55, 0.2, 0.0, 0.2, 0.5, 0.1, 0.3, 0.2),
}
FIELDS = ["lat", "lon", "size", "open", "port", "air", "rail", "fin", "digital", "policy"]
RAIL_NETWORK = {"almaty", "moscow", "vienna", "istanbul"}  # plus every Chinese city
RAIL_EXTRA = {("istanbul", "karachi")}


def read_cities() -> dict[str, dict[str, str]]:
    with open(HERE / "cities.csv", newline="", encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (la1, lo1), (la2, lo2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def pathways(cities: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """The 195 international pairs, city_a < city_b alphabetically."""
    pairs = [(a, b) for a, b in combinations(sorted(cities), 2)
             if cities[a]["country"] != cities[b]["country"]]
    assert len(pairs) == 195, len(pairs)
    return pairs


def generate() -> list[tuple[str, str, str, str]]:
    cities = read_cities()
    assert set(cities) == set(CITY), sorted(set(cities) ^ set(CITY))
    rng = np.random.default_rng(SEED)
    pairs = pathways(cities)
    n = len(pairs)
    attr = {f: np.array([[CITY[a][k], CITY[b][k]] for a, b in pairs], dtype=float)
            for k, f in enumerate(FIELDS)}
    d = np.array([distance_km(CITY[a][:2], CITY[b][:2]) for a, b in pairs])
    dk = d / 1000.0
    mass = attr["size"][:, 0] * attr["size"][:, 1]
    both = {f: attr[f][:, 0] * attr[f][:, 1] for f in FIELDS}
    china = np.array([cities[a]["country"] == "cn" or cities[b]["country"] == "cn" for a, b in pairs])
    coastal = np.array([cities[a]["coast"] == "coastal" and cities[b]["coast"] == "coastal"
                        for a, b in pairs])
    on_rail = np.array([((a in RAIL_NETWORK or cities[a]["country"] == "cn")
                         and (b in RAIL_NETWORK or cities[b]["country"] == "cn"))
                        or (a, b) in RAIL_EXTRA for a, b in pairs]) & (d < 8000)

    def noise(sigma: float) -> np.ndarray:
        return rng.lognormal(0.0, sigma, n)

    out: dict[str, list[str]] = {}
    # policy coordination
    latent = np.log(both["policy"] * mass ** 0.25 / d ** 0.3) + rng.normal(0.0, 0.7, n)
    out["sister-cities"] = [str(int(x)) for x in latent >= np.quantile(latent, 0.70)]
    out["international-cooperation"] = [str(x) for x in rng.poisson(0.3 + 6.0 * both["policy"])]
    out["major-conferences"] = [str(x) for x in rng.poisson(8.0 * both["policy"] * np.where(china, 1.5, 1.0))]
    # infrastructure connectivity
    flights = 2.0 * both["air"] * mass ** 0.5 / (1 + dk) ** 1.1 * noise(0.35)
    flights = np.where((d > 11000) | (flights < 2.0), 0.0, np.rint(flights))
    out["passenger-flights"] = [str(int(x)) for x in flights]
    ships = 1.2 * both["port"] * mass ** 0.3 / (1 + dk) ** 0.3 * noise(0.3)
    out["shipping-routes"] = [str(int(x)) for x in np.where(coastal, np.rint(ships), 0.0)]
    trains = 2.5 * both["rail"] * mass ** 0.3 / (1 + dk) ** 0.8 * noise(0.4)
    out["rail-freight"] = [str(int(x)) for x in np.where(on_rail, np.rint(trains), 0.0)]
    # unimpeded trade, financial integration
    trade = 1.0 * both["open"] * mass ** 0.9 / (1 + dk) ** 1.0 * noise(0.4)
    out["trade"] = [f"{x:.1f}" for x in trade]
    fdi = 0.6 * both["fin"] * mass ** 0.7 / (1 + dk) ** 0.1 * noise(0.8)
    out["fdi"] = [f"{x:.1f}" for x in np.where(fdi < 20.0, 0.0, fdi)]
    # closer people-to-people ties, information connection
    out["airline-seats"] = [str(int(x)) for x in np.rint(flights * rng.uniform(150.0, 330.0, n))]
    band = 0.3 * both["digital"] * mass ** 0.6 / (1 + dk) ** 0.3 * noise(0.5)
    out["broadband-traffic"] = [f"{x:.1f}" for x in np.maximum(band, 0.1)]

    return [(a, b, m, out[m][i]) for i, (a, b) in enumerate(pairs) for m in METRICS]


def main() -> None:
    rows = generate()
    with open(HERE / "pairs.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["city_a", "city_b", "indicator", "value", "source"])
        w.writerows((*row, SOURCE) for row in rows)
    print(f"wrote {len(rows)} rows for {len(rows) // len(METRICS)} pathways to {HERE / 'pairs.csv'}")  # noqa: T201 (a script run by hand)


if __name__ == "__main__":
    main()
