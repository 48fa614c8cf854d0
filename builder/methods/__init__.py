"""The scoring methods, one registry per stage: computed inputs, imputation, treatment (transforms),
normalisation and aggregation.

Every method is a pure numpy function with its parameters declared (name, default, meaning, formula),
so that framework.csv is checked against the declarations and data/README.md documents every
method from them. Functions work along the last axis of their arrays, so that one call scores many
scenarios at once (rounding allowances now, Monte Carlo samples later): x has shape (..., units).
Missing values are NaN and stay NaN.
"""

from __future__ import annotations

from .aggregators import AGGREGATORS
from .computed import COMPUTED
from .imputers import IMPUTERS
from .normalisers import NORMALISERS
from .registry import Method, Param, Registry
from .transforms import TRANSFORMS

REGISTRIES: tuple[Registry, ...] = (COMPUTED, IMPUTERS, TRANSFORMS, NORMALISERS, AGGREGATORS)

__all__ = ["AGGREGATORS", "COMPUTED", "IMPUTERS", "NORMALISERS", "REGISTRIES", "TRANSFORMS", "Method", "Param",
           "Registry"]
