"""The reference parts of the documentation, generated from the code they describe.

README.md's command reference comes from the click commands, data/README.md's tables of edition.yaml
keys and framework.csv columns from the settings schema and the framework's column list, and
ERRORS.md from the error catalogue. `python -m builder.docs` rewrites the generated sections (between
`<!-- generated: NAME -->` and `<!-- end: NAME -->`); tests/test_docs.py fails while they differ.
"""

from __future__ import annotations

import re
import sys
import types
import typing
from pathlib import Path

import click
from pydantic import BaseModel

from .catalogue import markdown as errors_markdown
from .cli import main
from .edition.check_framework import FRAMEWORK_DOCS
from .edition.rules import RULE_DOC
from .edition.settings import EditionSettings
from .methods import IMPUTERS, NORMALISERS, REGISTRIES

ROOT = Path(__file__).resolve().parent.parent
SECTION = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) -->\n)(.*?)(<!-- end: (?P=name) -->)", re.S)


def commands() -> str:
    """Every verb of `cityindex` with its usage line, help and options (as `--help` prints them)."""
    lines = []
    for name, command in sorted(main.commands.items()):
        ctx = click.Context(command, info_name=f"cityindex {name}")
        lines += [f"#### `{' '.join(command.collect_usage_pieces(ctx)).join([f'cityindex {name} ', ''])}`", "",
                  (command.help or "").strip(), ""]
        options = [p for p in command.params if isinstance(p, click.Option)]
        if options:
            lines += ["| option | meaning |", "| --- | --- |"]
            for option in options:
                record = option.get_help_record(ctx)
                lines.append(f"| `{record[0]}` | {record[1]} |" if record else f"| `{option.opts[0]}` | |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def settings() -> str:
    """Every key of edition.yaml, nested keys with their path, its type, default and meaning."""
    lines = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    for path, field_type, default, description in settings_keys(EditionSettings):
        lines.append(f"| `{path}` | {field_type} | {default} | {description} |")
    return "\n".join(lines) + "\n"


def settings_keys(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str, str, str]]:
    rows = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        nested = _model_of(info.annotation)
        many = typing.get_origin(_unwrap(info.annotation)) is list
        if info.is_required():
            default = "required"
        elif nested is not None and not many:
            default = "the defaults below"
        else:
            default = f"`{info.get_default(call_default_factory=True)!r}`"
        rows.append((path, _type_name(info.annotation), default, (info.description or "").replace("|", "\\|")))
        if nested is not None:
            rows += settings_keys(nested, f"{path}[].") if many else settings_keys(nested, f"{path}.")
    return rows


def _unwrap(annotation):
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    is_union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    return args[0] if is_union and len(args) == 1 else annotation


def _model_of(annotation) -> type[BaseModel] | None:
    annotation = _unwrap(annotation)
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _type_name(annotation) -> str:
    text = str(_unwrap(annotation)).replace("typing.", "").replace("builder.edition.settings.", "")
    text = re.sub(r"<class '([^']+)'>", r"\1", text)
    return text.replace("datetime.date", "date").replace("|", "or")


def framework() -> str:
    lines = ["| column | meaning |", "| --- | --- |"]
    lines += [f"| `{column}` | {meaning} |" for column, meaning in FRAMEWORK_DOCS.items()]
    return "\n".join(lines) + "\n"


def methods() -> str:
    """Every method of every stage, from the registries: what it computes, its formula and parameters."""
    lines = []
    for registry in REGISTRIES:
        lines += [f"### {registry.stage.capitalize()} (`{registry.column}`)", ""]
        for name, m in registry.methods.items():
            lines.append(f"- **`{name}`**: {m.summary} `{m.formula}`.")
            for p in m.params:
                unit = " (raw units: transformed with the values)" if p.raw_units else ""
                lines.append(f"  - `{p.name}` ({p.shown_default()}): {p.doc}{unit}")
            if m.reverse and registry is NORMALISERS:
                lines.append(f"  - direction `-`: {m.reverse}")
            if m.domain:
                lines.append(f"  - values must have {m.domain}")
            if m.source:
                lines.append(f"  - source: {m.source}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def missing_rules() -> str:
    steps = ", ".join(f"`{n}:<city attribute>`" if n.startswith("group_") else f"`{n}`" for n in IMPUTERS)
    lines = ["| step | meaning |", "| --- | --- |", f"| {steps} | (inputs) impute (see Methods, Imputation) |"]
    lines += [f"| `{rule}` | {meaning} |" for rule, meaning in RULE_DOC.items()]
    return "\n".join(lines) + "\n"


def functions() -> str:
    """The chapters' template functions with their signatures and what they give, then the figure and table kinds."""
    import inspect

    from .report.calls import param_text
    from .report.charts import CHART_KINDS
    from .report.context import ReportContext
    from .report.tables import TABLE_KINDS

    def signature(function, skip: int) -> str:
        return "(" + ", ".join(map(param_text, list(inspect.signature(function).parameters.values())[skip:])) + ")"

    def summary(function) -> str:
        return " ".join((inspect.getdoc(function) or "").split("\n\n")[0].split())

    lines = ["| function | gives |", "| --- | --- |"]
    for name in ReportContext.FUNCTIONS:
        function = getattr(ReportContext, name, None)
        if function is None:  # t: the strings of the language
            lines.append(f"| `{name}(key, **values)` | an interface string of the language |")
            continue
        lines.append(f"| `{name}{signature(function, 1)}` | {summary(function)} |")
    for title, kinds in (("figure kinds: `figure(kind, ...)`", CHART_KINDS), ("table kinds: `table(kind, ...)`",
                                                                               TABLE_KINDS)):
        lines += ["", f"| {title} | shows |", "| --- | --- |"]
        lines += [f"| `{name}{signature(function, 1)}` | {summary(function)} |" for name, function in kinds.items()]
    return "\n".join(lines) + "\n"


GENERATED = {ROOT / "README.md": {"commands": commands, "functions": functions},
             ROOT / "data" / "README.md": {"settings": settings, "framework": framework, "methods": methods,
                                           "missing": missing_rules}}


def current(path: Path) -> str:
    """The file with its generated sections as the code says they should read."""
    makers = GENERATED[path]
    return SECTION.sub(lambda m: m.group(1) + makers[m.group("name")]() + m.group(4),
                       path.read_text(encoding="utf-8"))


def main_() -> None:
    for path in GENERATED:
        path.write_text(current(path), encoding="utf-8")
    (ROOT / "ERRORS.md").write_text(errors_markdown(), encoding="utf-8")
    sys.stdout.write("wrote README.md, data/README.md, ERRORS.md\n")


if __name__ == "__main__":
    main_()
