"""cityindex: reproducible, bilingual publishing of city indices."""

__version__ = "0.1.0"
