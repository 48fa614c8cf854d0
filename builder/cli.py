"""Command-line interface: wires the pipeline's stages; prints errors without tracebacks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .audit import audit, report_text
from .edition import load_edition
from .errors import CityIndexError
from .pipeline import compute, edition_folder, score_edition

DATA = click.option("--data-dir", type=click.Path(path_type=Path), default=Path("data"),
                    show_default=True, help="Folder holding the editions.")
OUTPUT = click.option("--output-dir", type=click.Path(path_type=Path), default=Path("output"),
                      show_default=True, help="Folder the outputs are written under.")


class Main(click.Group):
    """Turns CityIndexError into a clean message and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CityIndexError as exc:
            click.secho(f"error: {exc}", err=True, fg="red")
            sys.exit(1)


@click.group(cls=Main)
@click.version_option(__version__, prog_name="cityindex")
def main() -> None:
    """cityindex: score, rank and publish city indices in English and Chinese."""


@main.command("score")
@click.argument("edition")
@DATA
@OUTPUT
def score_cmd(edition: str, data_dir: Path, output_dir: Path) -> None:
    """Validate EDITION, score and rank it, write output/EDITION/results.csv and .xlsx."""
    ed, results, written = score_edition(edition, data_dir, output_dir)
    cities, nodes = results["city_id"].nunique(), results["indicator_id"].nunique()
    click.echo(f"{ed.id}: scored {cities} cities x {nodes} indicators")
    for path in written:
        click.echo(f"  wrote {path}")


@main.command("audit")
@click.argument("edition")
@DATA
def audit_cmd(edition: str, data_dir: Path) -> None:
    """Compare EDITION's computed results with its published results; exit 0 only if they agree."""
    ed = load_edition(edition_folder(edition, data_dir))
    report = audit(ed, compute(ed))
    click.echo(report_text(report, ed))
    sys.exit(0 if report.ok else 1)
