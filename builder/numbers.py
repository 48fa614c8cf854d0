"""The one rounding rule of every number a report shows: half up, as publications round."""

from __future__ import annotations

import numpy as np


def round_half_up(x: np.ndarray | float, decimals: int) -> np.ndarray:
    """Round as publications do (x.xx5 goes up), robust to binary representation noise."""
    factor = 10.0**decimals
    return np.floor(np.asarray(x, dtype=float) * factor + 0.5 + 1e-9) / factor
