"""The worked examples of tests/fixtures/methods/examples/*.yaml, for test_methods.py, and a small edition
writer for the engine-level checks of test_methods.py and test_properties.py.

Every case of every example file is either claimed by a parametrised test (`cases`) or listed in SKIPPED
with the reason it has no counterpart in our API; test_methods.py checks that nothing falls between.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest
import yaml

EXAMPLES = Path(__file__).parent / "fixtures" / "methods" / "examples"

# examples/README.md: hand values are exact up to summation order; values R printed to 7 significant digits
# (the vignette's skew and kurtosis) are compared with abs=5e-7
TOL = {"rtol": 1e-12, "atol": 1e-12}
PRINTED = 5e-7

SKIPPED: dict[tuple[str, str], str] = {
    ("treat_log_transforms", "log_CT_plus_positive_skew"):
        "log_CT_plus (bi-directional log) is not offered; log_ct covers the positive-skew branch (case log_CT)",
    ("treat_log_transforms", "log_CT_plus_negative_skew"):
        "log_CT_plus (bi-directional log) is not offered",
    ("treat_log_transforms", "boxcox_lambda2"): "Box-Cox is not offered",
    ("treat_log_transforms", "boxcox_lambda0"): "Box-Cox is not offered",
    ("treat_pipeline", "coinr_test_fallback_plain_log"):
        "a plain log(x) fallback is not offered (fallback is log_ct or none); the winmax=1 failure itself is "
        "treat_winsorise:coinr_test_winmax1_still_fails",
    ("treat_skew_kurt", "coinr_reference_check_SkewKurt_runif"):
        "documentation only: the R runif(20) inputs are not reproduced in the fixture",
    ("aggregate_copeland", "four_units_weighted:outranking"):
        "the outranking matrix is internal to copeland(); its row sums (the scores) are checked",
    ("impute", "row_wise_mean_normalise_first"):
        "row-wise imputation (impute_by = 'row', normalise_first) is not offered: imputers work per indicator",
    ("impute_panel", "coinr_test_linear"): "panel interpolation (imp_type linear) is not offered; only latest",
    ("impute_panel", "coinr_test_constant"): "panel imputation imp_type constant (back-filling) is not offered",
    ("screen", "byNA_default"): "screening is engine-level (edition.yaml screen: min_coverage over applicable "
                                "inputs), not a method of builder.methods",
    ("screen", "byzeros"): "zero screening is not offered",
    ("screen", "byNAandzeros_dat_thresh_0.8"): "zero screening is not offered",
    ("screen", "force"): "screening is engine-level (edition.yaml screen: include/exclude)",
    ("denominate", "per_capita_and_scale_factor"):
        "denominators are engine-level (framework.csv denominator column, builder/edition/inputs.py)",
    ("denominate", "missing_id_is_error"): "denominators are engine-level (a data problem of the edition)",
}
"""(file, case id[:part]) -> why it is not run: cases, or parts of cases, with no counterpart in our API."""

CLAIMED: set[tuple[str, str]] = set()


@cache
def load(stem: str) -> dict:
    return yaml.safe_load((EXAMPLES / f"{stem}.yaml").read_text(encoding="utf-8"))


def all_case_ids() -> set[tuple[str, str]]:
    return {(p.stem, c["id"]) for p in sorted(EXAMPLES.glob("*.yaml")) for c in load(p.stem)["cases"]}


def cases(*stems: str, where=lambda case: True, part: str = "") -> list:
    """pytest params, one per case of the files `stems` that `where` selects, each with its id
    (`file:case`, or `file:case:part` where a case is checked in parts by different tests)."""
    out = []
    for stem in stems:
        for case in load(stem)["cases"]:
            if where(case):
                key = case["id"] + (f":{part}" if part else "")
                CLAIMED.add((stem, key))
                out.append(pytest.param(stem, case, id=f"{stem}:{key}"))
    return out


def arr(values) -> np.ndarray:
    """A fixture list as floats: null (NA) and .nan both become NaN."""
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def close(actual, expected, **tol) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), arr(expected) if isinstance(expected, list)
                               else expected, **(tol or TOL), equal_nan=True)


MARKS = {"": "", "winhi": "high", "winlo": "low"}  # COINr's Treated_Points words -> our Treatment.marks


def write_small_edition(folder: Path, values: dict[str, list[str]], weights: list[float], *,
                        missing: list[str] | None = None, parent_missing: str = "reweight",
                        attributes: dict[str, list[str]] | None = None, normalise: str = "minmax",
                        normalise_params: dict | None = None) -> Path:
    """An edition of one parent (the root, `overall`) over len(weights) indicators i0, i1, ... (min-max onto
    [0, 100] unless `normalise` and `normalise_params` say otherwise), weights renormalised.

    `values`: per city id the cells of values.csv in indicator order, as text ("" = no row at all, so the
    value is missing; "n/a" = not applicable). `missing`: per indicator its missing rule (default: reweight).
    `attributes`: extra columns of cities.csv (for group imputation).
    """
    k = len(weights)
    folder.mkdir(parents=True, exist_ok=True)
    settings = {
        "id": folder.name, "year": 2024, "languages": ["en"], "title": {"en": "Small"}, "publisher": {"en": "tests"},
        "illustrative": True, "ties": "exact", "renormalise_weights": True,
        "levels": [{"name": {"en": "Overall"}}, {"name": {"en": "Indicator"}}],
        "defaults": {"normalise": normalise,
                     "normalise_params": {"lo": 0, "hi": 100} if normalise_params is None else normalise_params,
                     "aggregate": "arithmetic",
                     "missing": "reweight", "missing_parents": parent_missing},
    }
    (folder / "edition.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    rules = missing or ["reweight"] * k
    rows = ["id,parent,name_en,weight,direction,missing", "overall,,Overall,,,"]
    rows += [f"i{j},overall,Indicator {j},{weights[j]!r},+,{rules[j]}" for j in range(k)]
    (folder / "framework.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    attributes = attributes or {}
    head = ",".join(["id", "name_en", *attributes])
    lines = [head] + [",".join([city, f"City {city}", *(attributes[a][i] for a in attributes)])
                      for i, city in enumerate(values)]
    (folder / "cities.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cells = ["city,indicator,value,source"] + [f"{city},i{j},{text},synthetic" for city, row in values.items()
                                               for j, text in enumerate(row) if text != ""]
    (folder / "values.csv").write_text("\n".join(cells) + "\n", encoding="utf-8")
    return folder
