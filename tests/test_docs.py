"""The documentation says what the code does: generated parts are current."""

from __future__ import annotations

import re
import string
from pathlib import Path

from builder.catalogue import CATALOGUE, markdown

ROOT = Path(__file__).parent.parent


def test_error_catalogue_is_current():
    assert (ROOT / "ERRORS.md").read_text(encoding="utf-8") == markdown(), \
        "run: python -m builder.catalogue > ERRORS.md"


def test_catalogue_placeholders_do_not_shadow_the_place():
    reserved = {"code", "file", "line", "key", "kind"}
    for code, entry in CATALOGUE.items():
        names = {name for text in (entry.found, entry.expected)
                 for _, name, _, _ in string.Formatter().parse(text) if name}
        assert not names & reserved, code


def test_generated_sections_are_current():
    from builder.docs import GENERATED, current

    for path in GENERATED:
        assert path.read_text(encoding="utf-8") == current(path), f"run: python -m builder.docs ({path.name})"


def test_every_option_of_every_verb_is_in_the_readme_and_the_reverse():
    import click

    from builder.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    options = {opt for command in main.commands.values() for p in command.params if isinstance(p, click.Option)
               for opt in p.opts}
    assert [o for o in options if o not in readme] == []
    mentioned = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", readme))
    assert mentioned - options - {"--help"} == set()


def test_every_settings_key_is_documented_and_the_example_is_valid():
    import yaml

    from builder.docs import settings_keys
    from builder.edition.settings import EditionSettings

    doc = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for path, *_ in settings_keys(EditionSettings):
        assert f"`{path}`" in doc, path
    example = re.search(r"## edition.yaml\n\n```yaml\n(.*?)```", doc, re.S).group(1)
    EditionSettings.model_validate(yaml.safe_load(example))  # no key that the schema lacks


def test_every_framework_column_in_use_is_documented():
    from builder.edition.check_framework import FRAMEWORK_DOCS

    documented = [re.sub(r"<[^>]*>", "", c) for c in FRAMEWORK_DOCS]
    for framework in (ROOT / "data").glob("*/framework.csv"):
        header = framework.read_text(encoding="utf-8").splitlines()[0].split(",")
        for column in header:
            assert any(column == d or ("<" in c and column.startswith(d))
                       for c, d in zip(FRAMEWORK_DOCS, documented, strict=True)), (framework, column)


def test_format_names_of_the_cli_are_the_registry():
    from builder.app import FORMAT_NAMES
    from builder.publish.products import FORMATS

    assert tuple(FORMATS) == FORMAT_NAMES
