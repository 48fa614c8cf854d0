"""Figure specs placed by chapters turned into tidy frames, labels, captions and alt text per language.

Each kind in CHART_KINDS maps `(ctx, *args, **options)` to a ChartData; the drawing itself is
the figures/ package's job (one module per kind), and saving is build's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial

import pandas as pd

from ...errors import ContentError, hint, known_list, problem
from ..calls import checked_call
from ..view import LanguageView


@dataclass(frozen=True)
class ChartData:
    """Everything needed to draw one figure in one language."""

    kind: str
    frame: pd.DataFrame
    text: dict[str, str]  # labels for the figure module (axis titles, legend entries, ...)
    caption: str
    alt: str
    size: tuple[float, float]  # inches
    options: dict[str, object] = field(default_factory=dict)

    @cached_property
    def digest(self) -> str:
        """A digest of everything that goes into the figure: kind, size, options, labels and data."""
        digest = hashlib.sha256(repr((self.kind, self.size, sorted(self.text.items()),
                                      list(map(str, self.frame.columns)))).encode())
        for value in [self.frame, *(v for _, v in sorted(self.options.items()))]:
            if isinstance(value, pd.DataFrame):
                digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
                digest.update(repr(list(value.columns)).encode())
            else:
                digest.update(repr(value).encode())
        return digest.hexdigest()

    def all_text(self) -> str:
        """Every string the figure may show (labels, names, headers), for the glyph check."""
        parts = [*self.text.values(), *map(str, self.frame.columns), *map(str, self.frame.index)]
        for col in self.frame.columns:
            if not pd.api.types.is_numeric_dtype(self.frame[col]):
                parts += self.frame[col].astype(str).tolist()
        return "\n".join(parts)


from .kinds import bubble, distribution, heatmap, ranking, scatter, slope  # noqa: E402 - they use ChartData
from .pathways import network, pathway_ranking, rank_matrix  # noqa: E402

CHART_KINDS: dict[str, Callable[..., ChartData]] = {
    "ranking": ranking, "heatmap": heatmap, "scatter": scatter, "bubble": bubble,
    "distribution": distribution, "slope": slope, "pathway_ranking": pathway_ranking, "rank_matrix": rank_matrix,
    "network": network,
}
"""Figure kinds a chapter can place: name -> function (view, *args, **options) -> ChartData."""


def chart_data(ctx: LanguageView, kind: str, args: tuple[str, ...], options: dict) -> ChartData:
    if kind not in CHART_KINDS:
        raise ContentError(problem("figure-kind", name=kind, hint=hint(kind, CHART_KINDS),
                                   known=known_list(CHART_KINDS)))
    return checked_call("figure", partial(CHART_KINDS[kind], ctx), kind)(*args, **options)
