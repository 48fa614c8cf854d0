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
