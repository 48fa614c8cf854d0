"""Turns the ways a figure can go wrong into exceptions; the caller words them for its users."""

from __future__ import annotations


class FigureError(ValueError):
    """A figure cannot be drawn from what it was given (frame, labels, fonts)."""


class MissingColumnsError(FigureError):
    """A figure's frame lacks columns that its kind needs."""


class MissingLabelsError(FigureError, KeyError):
    """A figure needs label strings (translations) that its Labels do not provide."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class FontNotFoundError(FigureError):
    """The font a language needs is not installed."""


class MissingGlyphError(FigureError):
    """A label contains a character that its font cannot draw (it would show as a box)."""
