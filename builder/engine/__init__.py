"""The engine: an edition's values normalised, aggregated up the framework and ranked into Results."""

from .compute import Results, compute

__all__ = ["Results", "compute"]
