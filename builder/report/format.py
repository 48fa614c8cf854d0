"""Numbers, ordinals and lists written the way a language writes them: the report's one formatter."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from ..languages import Language
from ..numbers import round_half_up


@functools.lru_cache(maxsize=65536)
def _formatted(value: float, decimals: int, locale: str) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=locale)


@dataclass(frozen=True)
class Formatter:
    """Numbers, ordinals and lists written the way a language writes them (Babel).

    The one number formatter of a report: its text, tables, figures and table downloads all show
    a score as `number` writes it, rounded half up (numbers.round_half_up) to the edition's
    precision unless told otherwise.
    """

    language: Language
    precision: int = 2

    @property
    def locale(self) -> str:
        return self.language.locale

    def rounded(self, value: float, decimals: int | None = None) -> float:
        return float(round_half_up(value, self.precision if decimals is None else decimals))

    def number(self, value: float, decimals: int | None = None) -> str:
        d = self.precision if decimals is None else decimals
        return _formatted(self.rounded(value, d), d, self.locale)

    def percent(self, share: float, decimals: int = 0) -> str:
        """A share (0.667) as the language writes a percentage (67%, 67%)."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "%"
        return format_percent(self.rounded(share, decimals + 2), format=pattern, locale=self.locale)

    def integer(self, value: float) -> str:
        return format_decimal(int(value), format="#,##0", locale=self.locale)

    def ordinal(self, value: int) -> str:
        """1st, 2nd, 23rd / 第1名 ... as the language writes ranks."""
        return self.language.ordinal(int(value))

    def join(self, items: list[str]) -> str:
        return format_list([str(i) for i in items], locale=self.locale) if items else ""
