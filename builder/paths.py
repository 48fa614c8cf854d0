"""What ships with cityindex and where it lies: the default templates folder (report templates,
stylesheets and the shared interface strings)."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
