"""An edition's files read and validated into a typed Edition (settings, framework, cities, data)."""

from .framework import Framework, Node
from .load import Edition, edition_folder, load_edition
from .settings import EditionSettings

__all__ = ["Edition", "EditionSettings", "Framework", "Node", "edition_folder", "load_edition"]
