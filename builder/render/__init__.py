"""Rendering: a composed language report turned into bytes (SVG figures, HTML pages, the PDF)."""
