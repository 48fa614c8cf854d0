"""The error catalogue: every problem code with its family, summary and wording (found / expected).

Placeholders in braces are filled by errors.problem(). The families keep "the framework is wrong"
apart from "the data is wrong". ERRORS.md is generated from it (tests/test_docs.py checks that it
is current).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    family: str
    summary: str
    found: str
    expected: str
    kind: str | None = None  # what a problem's key names, where it is not a column or key


def _entries(family: str, rows: dict[str, tuple]) -> dict[str, Entry]:
    return {code: Entry(family, *row) for code, row in rows.items()}


LIMITS = {"file_mb": 100, "field_chars": 100_000}
"""Largest input file (MB) and CSV field (characters) a build reads; see README.md, Limits."""

CATALOGUE: dict[str, Entry] = {
    **_entries("file", {
        "file-missing": ("A required file is missing", "no such file", "{expected}"),
        "folder-missing": ("A required folder is missing", "no such folder", "{expected}"),
        "not-a-file": ("A folder where a file belongs", "a folder", "a file"),
        "file-encoding": ("A text file is not UTF-8", "bytes that are not UTF-8 (byte 0x{byte:02X} at "
                          "character {column})", "a UTF-8 encoded text file (save it as UTF-8)"),
        "file-too-large": ("A file is larger than the limit", "a file of {size:.1f} MB",
                           "at most {limit} MB"),
        "file-unreadable": ("A file cannot be read", "{error}", "a readable file"),
        "csv-syntax": ("A CSV file cannot be parsed", "a malformed row ({error})", "well-formed CSV (RFC 4180)"),
        "csv-empty": ("A CSV file has no header", "an empty file", "a header row naming the columns"),
        "csv-field-too-large": ("A CSV field is longer than the limit", "a field of {size:,} characters",
                                "at most {limit:,} characters per field"),
        "csv-fields": ("A CSV row has more fields than the header", "{found} fields",
                       "{expected} fields, one per header column"),
        "csv-column-missing": ("A required column is missing", "no such column in the header{hint}",
                               "a header with the columns {columns}"),
        "csv-column-unknown": ("A column no one reads", "unknown column {column!r}{hint}",
                               "only the columns {columns}"),
        "csv-column-duplicate": ("A column appears twice", "column {column!r} twice",
                                 "each column once"),
        "yaml-syntax": ("A YAML file cannot be parsed", "invalid YAML ({error})", "well-formed YAML"),
        "yaml-not-mapping": ("A YAML file is not a mapping", "{found}", "a mapping of keys to values"),
    }),
    **_entries("settings", {
        "settings-key": ("edition.yaml: a key is missing or has a wrong value", "{found}", "{expected}", "key"),
        "settings-unknown-key": ("edition.yaml: an unknown key", "unknown key {name!r}{hint}",
                                 "one of the keys {keys}", "key"),
        "settings-id": ("edition.yaml: id differs from the folder name", "{found}", "the folder name {folder!r}",
                        "key"),
        "settings-language": ("edition.yaml: a language with no registry entry", "language {lang!r}",
                              "one of the known languages {known}", "key"),
        "text-missing": ("A text is missing in one language", "no text", "a translation for '{lang}'"),
    }),
    **_entries("framework", {
        "framework-id": ("framework.csv: a malformed id", "{found}", "an id of letters, digits, '-', '_' or '.'"),
        "framework-id-duplicate": ("framework.csv: an id twice", "duplicate id {id!r}",
                                   "a unique id (first on line {first})"),
        "framework-weight": ("framework.csv: a weight that is not a number >= 0", "{found}",
                             "a finite number >= 0, or empty"),
        "framework-weight-missing": ("framework.csv: a scored child without weight", "no weight",
                                     "a weight within parent {parent!r}"),
        "framework-weight-sum": ("framework.csv: weights of a parent's children do not sum to 1",
                                 "weights of the children of {parent!r} summing to {total:g}",
                                 "a sum of 1 (or renormalise_weights: true in edition.yaml)"),
        "framework-direction": ("framework.csv: a direction other than + or -, or one its method cannot take",
                                "{found}", "{expected}"),
        "framework-method": ("framework.csv: an unknown method", "unknown method {method!r}{hint}",
                             "one of {known}"),
        "framework-params": ("framework.csv: parameters that are not key=value pairs", "{found}",
                             "key=value pairs separated by ';'"),
        "framework-compute": ("framework.csv: a computed input that cannot be read", "{found}", "{expected}"),
        "framework-param-unknown": ("framework.csv: a parameter the method does not take", "{found}",
                                    "a parameter of {method}: {known}"),
        "framework-param-missing": ("framework.csv: a parameter the method needs is not given",
                                    "no {names} for {method}", "{method} with {names} set, e.g. {example}"),
        "framework-param-value": ("framework.csv: a parameter value the method cannot use", "{found}",
                                  "{expected}"),
        "framework-missing-rule": ("framework.csv: an unknown missing-value rule", "{found}", "{expected}"),
        "framework-orphan": ("framework.csv: a parent that is not a node",
                             "unknown parent {parent!r} (orphan node {id!r}){hint}", "the id of another node"),
        "framework-cycle": ("framework.csv: a node is its own ancestor", "a cycle {cycle}",
                            "a tree: no node may be its own ancestor"),
        "framework-roots": ("framework.csv: not exactly one root", "{count} root nodes ({roots})",
                            "exactly one node with an empty parent"),
        "framework-depth": ("framework.csv: deeper than edition.yaml's levels", "a tree {depth} levels deep",
                            "at most {levels} levels, as edition.yaml 'levels' names"),
        "framework-input-level": ("edition.yaml: input_level below the framework's depth",
                                  "input_level {level}", "a depth of this framework, 0 to {depth}"),
    }),
    **_entries("data", {
        "group-duplicate": ("groups.csv: a group value twice", "duplicate row for {attribute}={value}",
                            "one row per attribute and value (first on line {first})"),
        "city-id": ("cities.csv: a malformed city id", "{found}", "an id of letters, digits, '-', '_' or '.'"),
        "city-duplicate": ("cities.csv: a city twice", "duplicate city {city!r}",
                           "a unique id (first on line {first})"),
        "city-group-column": ("cities.csv: a grouping attribute is not a column", "no such column",
                              "a city attribute named in edition.yaml group_ranks"),
        "city-group-value": ("cities.csv: a group value without names", "{found}",
                             "a value with names in groups.csv (attribute {attribute!r})"),
        "city-unknown": ("A city id that cities.csv does not have", "unknown city {city!r}{hint}",
                         "an id from cities.csv"),
        "indicator-unknown": ("An indicator id that framework.csv does not have",
                              "unknown indicator {indicator!r}{hint}", "an id from framework.csv"),
        "value-not-input": ("values.csv: a value for a node that is not an input",
                            "{indicator!r}, {why}{hint}", "an input indicator or a raw variable of a computed "
                            "input: {inputs}"),
        "value-year": ("values.csv: a year that is not a four-digit whole number", "{found}",
                       "a year such as 2023"),
        "value-not-number": ("A value that is not a finite number", "{found}", "{expected}"),
        "value-duplicate": ("A value given twice", "duplicate row for {what}",
                            "one {per} (first on line {first})"),
        "value-missing": ("Values missing for an indicator whose missing rule is error",
                          "no value for {cities}{when}", "a value for every city, or a missing rule in framework.csv "
                          "(reweight, unscored, an imputation such as median, or latest:<years>)", "indicator"),
        "group-mean-attribute": ("framework.csv: a group imputation over an attribute cities.csv lacks",
                                 "{method} over unknown attribute {attribute!r}{hint}", "a column of cities.csv"),
        "impute-empty": ("An imputation has nothing to impute from", "no value {where} to take the {method} of "
                         "(for {cities})", "values to impute from, or a further step in the missing rule, such as "
                         "|reweight", "indicator"),
        "variable-missing": ("values.csv: a raw variable of a computed input is absent",
                             "no rows for {variable!r}", "rows for {variable!r}, which {indicator} = {expression} "
                             "uses", "indicator"),
        "unit-unknown": ("framework.csv: a parameter names a city cities.csv does not have",
                         "unknown city {city!r}{hint}", "a city id of cities.csv (parameter {param} of "
                         "{method})"),
        "denominator-column": ("framework.csv: a denominator that is not a column of cities.csv",
                               "denominator {column!r}{hint}", "a numeric column of cities.csv", "indicator"),
        "denominator-value": ("cities.csv: a denominator value that is not a number, or zero", "{found}",
                              "a non-zero number, or empty where it is not known (denominator of indicator "
                              "{indicator!r})"),
        "transform-domain": ("A value outside the domain of its indicator's transform",
                             "{value}, which {transform} cannot take", "a value with {domain} (indicator "
                             "{indicator!r} has transform {transform})"),
        "zero-variance": ("Every city has the same value", "zero variance (every city has {value:g})",
                          "values that differ between cities, as {method} needs", "indicator"),
        "rank-not-whole": ("A rank that is not a whole number >= 1", "{found}", "{expected}"),
        "published-table": ("published.csv: a row without its table", "no text",
                            "the table or figure the number was printed in"),
        "published-empty": ("published.csv: a row with neither score nor rank", "neither a score nor a rank",
                            "a published score, rank or tier, or - where the table prints that there is no score"),
        "published-tier": ("published.csv: a tier edition.yaml does not declare", "tier {found}",
                           "one of the tiers of edition.yaml: {known}"),
        "pair-same-city": ("A pathway from a city to itself", "city {city!r} on both ends",
                           "two different cities: a pathway joins a pair of cities"),
        "pair-incomplete": ("pairs.csv: pathways without a value for an input indicator", "no value for {pairs}",
                            "a value for every pathway of pairs.csv on every input indicator (0 where there is no "
                            "flow)", "indicator"),
        "published-tied-with": ("published_pairs.csv: a tie count that is not a whole number >= 0, or without a rank",
                                "{found}", "the number of further pathways the table ranks equal but does not name "
                                "(0 or empty where it names them all), beside a rank"),
        "change-left-out": ("published_changes.csv: a left-out category that is not a child of the ranked indicator",
                            "category {left_out!r} under indicator {indicator!r}",
                            "a child of {indicator!r}: {known}"),
        "change-not-whole": ("published_changes.csv: a change of rank that is not a whole number", "{found}",
                             "the whole number of places gained when the category is added (0: unchanged; "
                             "negative: places lost)"),
        "change-printed": ("published_changes.csv: a change that differs from the text printed beside it",
                           "change {change} beside printed {printed!r}",
                           "the number the printed text stands for ('—' for 0, '+2' for 2, '−1' for -1)"),
        "external-index": ("external_ranks.csv: an index edition.yaml does not declare", "index {found}",
                           "an index of edition.yaml's external: {known}"),
        "external-rank": ("external_ranks.csv: a row without its rank", "no rank", "the rank the other index gives"),
        "published-no-score-rank": ("published.csv: a rank for a unit the table gives no score",
                                    "rank {found} beside the score -", "no rank where the table prints no score"),
    }),
    **_entries("scoring", {
        "score-zero-spread": ("A level cannot be rescaled: every city has the same score",
                              "every city with the same score on {node!r}", "scores that differ, so that level "
                              "{depth} can be rescaled onto [{lo:g}, {hi:g}]", "indicator"),
        "score-not-positive": ("Geometric or harmonic aggregation of scores <= 0",
                               "scores <= 0 under {method} aggregation", "scores > 0: a normalisation onto a "
                               "positive range", "indicator"),
        "score-normalise": ("An indicator cannot be normalised", "{error}", "{expected}", "indicator"),
    }),
    **_entries("content", {
        "chapter-front-matter": ("A chapter without front matter", "no front matter",
                                 "'---', then 'id:' and 'title:', then '---'"),
        "chapter-front-matter-key": ("A chapter's front matter lacks a key", "no {name!r}", "a value for {name!r}"),
        "chapter-id-duplicate": ("Two chapters with one id", "chapter id {id!r} twice",
                                 "a unique id (also in {other})"),
        "chapter-template": ("A template expression in a chapter cannot be parsed", "{error}",
                             "a well-formed template expression ({{{{ ... }}}} or {{% ... %}})"),
        "chapter-name": ("A chapter uses a name that is not a template function", "unknown name {name!r}{hint}",
                         "one of the template functions: {known}"),
        "chapter-call": ("A template function called with wrong arguments", "{name}({args})",
                         "{name}{signature}"),
        "chapter-city": ("A chapter names a city the edition does not have", "unknown city {city!r}{hint}",
                         "a city id of cities.csv"),
        "chapter-indicator": ("A chapter names an indicator the edition does not score",
                              "unknown indicator {indicator!r}{hint}", "{expected}"),
        "chapter-attribute": ("A chapter filters on an attribute cities.csv lacks",
                              "unknown city attribute {attribute!r}{hint}", "a column of cities.csv: {known}"),
        "chapter-tier": ("A chapter names a tier edition.yaml does not declare", "unknown tier {tier!r}{hint}",
                         "a tier of edition.yaml: {known}"),
        "chapter-untiered": ("A chapter asks for the tiers of a ranking that has none",
                             "tiers of {indicator!r}", "an indicator whose ranking has tiers (tier_levels): {known}"),
        "chapter-value": ("A template function cannot give what a chapter asks", "{found}", "{expected}"),
        "chapter-unsafe": ("A chapter reaches for internals of the software", "{found}",
                           "the template functions and the values they return, nothing beneath them"),
        "figure-kind": ("A chapter places an unknown kind of figure", "unknown figure kind {name!r}{hint}",
                        "one of {known}"),
        "table-kind": ("A chapter places an unknown kind of table", "unknown table kind {name!r}{hint}",
                       "one of {known}"),
        "placements-differ": ("The languages place different figures or tables",
                              "{what} {name!r} in the {present} chapters but not in the {absent} ones",
                              "the same figures and tables in every language"),
        "reference-network": ("A chapter refers to something on the network", "{reference!r}",
                              "a file of the project: builds never touch the network"),
        "reference-outside": ("A chapter refers to a file outside the edition's content", "{reference!r}",
                              "a path inside {root}"),
        "reference-missing": ("A chapter refers to a file that does not exist", "{reference!r}",
                              "an existing file inside {root}"),
        "reference-link": ("A chapter links to a local file", "{reference!r}",
                           "a link to https://, http://, mailto: or a #section of the report"),
        "reference-type": ("A chapter embeds an image of a type the report cannot show", "{reference!r}",
                           "a .png, .jpg, .jpeg or .svg image"),
        "reference-svg": ("An SVG image refers to other files", "{reference!r} inside {image!r}",
                          "an SVG with no external references"),
        "html-tag": ("Raw HTML in a chapter with a tag outside the allow-list", "<{tag}>",
                     "Markdown, or one of the allowed tags: {allowed}"),
        "html-attribute": ("Raw HTML in a chapter with an attribute outside the allow-list",
                           "attribute {attribute!r} on <{tag}>", "only the attributes {allowed}"),
    }),
    **_entries("strings", {
        "strings-missing": ("An interface string is missing in one language", "no text for this key",
                            "every key of the other languages' strings files"),
        "strings-override-unknown": ("An edition's strings.yaml replaces a string that does not exist",
                                     "a key the shared strings do not have{hint}",
                                     "a key of templates/strings/<lang>.yaml"),
        "strings-unknown": ("Code asks for an interface string that no strings file has",
                            "no key {name!r}", "a key of templates/strings/{lang}.yaml"),
        "strings-placeholder": ("An interface string uses a placeholder the code does not give",
                                "{error}", "placeholders among {known}"),
    }),
    **_entries("template", {
        "template-syntax": ("A report template cannot be parsed", "{error}", "a well-formed Jinja template"),
        "template-name": ("A report template uses a name its context lacks", "{error}",
                          "names the context provides (see its documented type)"),
    }),
    **_entries("render", {
        "glyph-missing": ("A character that no font of the language can draw", "{char}",
                          "characters the {typeface} font can draw"),
        "resource-refused": ("The renderer was asked for a resource outside the project", "{url!r}",
                             "a file of the edition, its content, the templates or the fonts"),
        "font-missing": ("A font the report needs is not installed", "{found}", "{expected}"),
        "figure": ("A figure cannot be drawn from its data", "{error}", "{expected}"),
    }),
    **_entries("output", {
        "output-not-folder": ("The output folder is a file", "a file", "a folder for the build's outputs"),
        "output-unwritable": ("The output folder cannot be written", "{error}", "a writable folder"),
        "lang-unknown": ("A language that the edition does not list", "language {lang!r}{hint}",
                         "one of the edition's languages: {known}"),
        "language-unregistered": ("A language with no entry in the language registry", "language {lang!r}{hint}",
                                  "a registered language: {known}"),
        "format-unknown": ("An output format that is not known", "format {name!r}{hint}", "one of {known}"),
    }),
    **_entries("release", {
        "release-version": ("A release version that is not a plain name", "{found}",
                            "a version of letters, digits, '.', '_' and '-' (e.g. 2024.1), at most 64 characters"),
        "release-exists": ("A release of that version exists", "release {version} of {edition}",
                           "a new version: releases are never overwritten"),
        "release-dirty": ("Uncommitted changes in the sources of a release", "uncommitted changes in {files}",
                          "a clean tree (commit first), or --allow-dirty"),
        "git": ("git failed", "{error}", "a git repository with at least one commit"),
        "manifest-missing": ("A release folder without its manifest", "no manifest.json",
                             "a release folder made by cityindex release"),
        "manifest-invalid": ("A release manifest that cannot be read", "{found}", "{expected}"),
    }),
    **_entries("preview", {
        "preview-port": ("The preview's port is taken", "{error}", "a free port (--port 0 picks one)"),
    }),
}


def markdown() -> str:
    """ERRORS.md: the catalogue as a reader looks it up, family by family (tests/test_docs.py keeps it current)."""
    lines = ["# Error catalogue", "",
             "Every problem cityindex reports ends with its code in brackets, e.g. `[value-not-number]`. Each",
             "message reads *where: found ...; expected ...*; the placeholders in braces below are filled in.",
             "This file is generated from `builder/catalogue.py` (`python -m builder.catalogue > ERRORS.md`).", "",
             f"Limits: input files of at most {LIMITS['file_mb']} MB, CSV fields of at most "
             f"{LIMITS['field_chars']:,} characters.", ""]
    families = dict.fromkeys(entry.family for entry in CATALOGUE.values())
    for family in families:
        lines += [f"## {family}", "", "| code | what | found | expected |", "| --- | --- | --- | --- |"]
        for code, entry in CATALOGUE.items():
            if entry.family == family:
                cells = [f"`{code}`", entry.summary, entry.found, entry.expected]
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sys.stdout.write(markdown())
