"""The `cityindex` command: options parsed, the work handed to app.py and friends, problems printed without
tracebacks. Each verb imports only what it needs (`score` never loads the PDF or figure machinery)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import CityIndexError

DATA = click.option("--data-dir", type=click.Path(path_type=Path), default=Path("data"),
                    show_default=True, help="Folder holding the editions.")
CONTENT = click.option("--content-dir", type=click.Path(path_type=Path), default=Path("content"), show_default=True,
                       help="Folder holding the narrative chapters.")
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
        except KeyboardInterrupt:
            click.secho("interrupted: the outputs of the last good run are as they were", err=True, fg="red")
            sys.exit(130)


@click.group(cls=Main)
@click.version_option(__version__, prog_name="cityindex")
def main() -> None:
    """cityindex: score, rank and publish city indices in every language of an edition."""


def _csv_list(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


@main.command("build")
@click.argument("editions", nargs=-1)
@click.option("--lang", "langs", callback=_csv_list, help="Languages to build, e.g. en,zh (default: the edition's).")
@click.option("--format", "formats", callback=_csv_list, help="Formats: html,pdf (default: all).")
@DATA
@CONTENT
@OUTPUT
@click.option("--templates-dir", type=click.Path(path_type=Path), default=None, show_default="templates",
              help="Folder holding the report templates, stylesheets and interface strings.")
def build_cmd(editions: tuple[str, ...], langs: list[str] | None, formats: list[str] | None, data_dir: Path,
              content_dir: Path, output_dir: Path, templates_dir: Path | None) -> None:
    """Build EDITIONS (default set-2024): results, figures, tables, HTML and PDF per language."""
    from .app import FORMAT_NAMES, TEMPLATES, BuildOptions, build

    options = BuildOptions(langs, tuple(formats or FORMAT_NAMES), data_dir, content_dir, output_dir,
                           templates_dir or TEMPLATES)
    for name in editions or ("set-2024",):
        with click.progressbar(length=5, label=f"building {name}", file=sys.stderr, show_eta=False,
                               item_show_func=lambda s: s) as bar:
            summary = build(name, options, progress=lambda step: bar.update(1, step))
        click.echo(summary_text(summary))


def summary_text(summary) -> str:
    pages = ", ".join(f"{lang} {n} pages" for lang, n in summary.pages.items()) or "no PDF"
    stages = ", ".join(f"{name} {sec:.2f} s" for name, sec in summary.seconds.items())
    lines = [f"{summary.edition}: {pages}; {summary.figures} figures; {summary.tables} tables; "
             f"{len(summary.outputs)} files in {summary.wall:.2f} s",
             f"  time per stage (summed over the language workers): {stages}"]
    lines += [f"  note: {n}" for n in summary.notices]
    lines += [f"  warning: {w}" for w in summary.warnings]
    return "\n".join(lines)


@main.command("score")
@click.argument("edition")
@DATA
@OUTPUT
def score_cmd(edition: str, data_dir: Path, output_dir: Path) -> None:
    """Validate EDITION, score and rank it, write output/EDITION/results.csv and .xlsx."""
    from .app import score

    ed, results, written = score(edition, data_dir, output_dir)
    for kind, frame in results.kinds.items():
        click.echo(f"{ed.id}: scored {frame[frame.columns[0]].nunique()} {kind} entities x "
                   f"{frame['indicator_id'].nunique()} indicators")
    for path in written:
        click.echo(f"  wrote {path}")


@main.command("audit")
@click.argument("edition")
@DATA
def audit_cmd(edition: str, data_dir: Path) -> None:
    """Compare EDITION's computed results with its published results; exit 0 only if they agree."""
    from .analysis import audit, report_text
    from .edition import edition_folder, load_edition
    from .engine import compute

    ed = load_edition(edition_folder(edition, data_dir))
    report = audit(ed, compute(ed))
    click.echo(report_text(report, ed))
    sys.exit(0 if report.ok else 1)


@main.command("release")
@click.argument("edition")
@click.option("--version", "version", required=True, help="Release version, e.g. 2024.1.")
@OUTPUT
@click.option("--allow-dirty", is_flag=True, help="Release even with uncommitted source changes (recorded).")
def release_cmd(edition: str, version: str, output_dir: Path, allow_dirty: bool) -> None:
    """Archive EDITION as PDF/A-3 with its data attached, under output/releases/EDITION/VERSION/."""
    from .publish.release import release

    dest = release(edition, version, root=Path.cwd(), output_dir=output_dir, allow_dirty=allow_dirty)
    click.echo(f"released {edition} {version}: {dest}")


@main.command("verify")
@click.argument("path", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--rebuild", is_flag=True, help="Also rebuild the recorded commit and compare the bytes.")
def verify_cmd(path: Path, rebuild: bool) -> None:
    """Check every file of the release at PATH against its manifest; exit 1 on any difference."""
    from .publish.release import verification_text, verify

    result = verify(path, rebuild=rebuild)
    click.echo(verification_text(result))
    sys.exit(0 if result.ok else 1)


@main.command("preview")
@click.argument("edition")
@click.option("--lang", default="en", show_default=True, help="Language to preview, e.g. en or zh.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@DATA
@CONTENT
@OUTPUT
def preview_cmd(edition: str, lang: str, port: int, data_dir: Path, content_dir: Path, output_dir: Path) -> None:
    """Serve EDITION's HTML in one language on 127.0.0.1; rebuild what an edit touches and reload the page."""
    from .preview.server import serve

    serve(edition, lang, port, data_dir, content_dir, output_dir)
