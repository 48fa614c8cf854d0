"""The report of one edition in each language: chapters with their template expressions evaluated,
generated chapters, and the data of every figure and table they place (drawing is render's job)."""

from .assembly import ChapterCache, LanguageReport, compose, compose_all
from .data import ReportData
from .strings import Strings, TranslationError, load_strings

__all__ = ["ChapterCache", "LanguageReport", "ReportData", "Strings", "TranslationError", "compose", "compose_all",
           "load_strings"]
