"""The bad-input corpus: broken or hostile inputs, each with the exact problems a build must report.

Every case starts from a good project (tests/fixtures/tiny with its chapters, in a scratch folder
that is the working directory), applies its edit, runs a `cityindex` command, and expects exit
status 1, no traceback, exactly the listed problems (file, line, column, found, expected, code),
and output/ as it was. tests/test_bad_inputs.py runs them; every catalogue code has a case here or
a unit test named in test_bad_inputs.UNIT_TESTED.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BUILD = ("build", "tiny", "--format", "html", "--templates-dir", "templates")
ED = Path("data/tiny")
EN = Path("content/tiny/en/01-summary.md")
ZH = Path("content/tiny/zh/01-summary.md")


@dataclass(frozen=True)
class Case:
    id: str
    apply: Callable[[Path], None]
    expected: tuple[str, ...]
    args: tuple[str, ...] = BUILD


def replace(path: Path | str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        target = root / path
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        target.write_text(text.replace(old, new, count), encoding="utf-8")
    return apply


def write(path: Path | str, content: str | bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return apply


def append(path: Path | str, text: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        with (root / path).open("a", encoding="utf-8") as handle:
            handle.write(text)
    return apply


def to_latin1(path: Path | str, old: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        target = root / path
        text = target.read_text(encoding="utf-8").replace(old, new, 1)
        target.write_bytes(text.encode("latin-1", errors="replace"))
    return apply


def remove(path: Path | str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / path).unlink()
    return apply


def folder_for(path: Path | str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / path).unlink()
        (root / path).mkdir()
    return apply


def add_column(path: Path | str, column: str, values: dict[str, str]) -> Callable[[Path], None]:
    """Add a column to a CSV file, with values for the rows whose first cell is a key of `values`."""
    def apply(root: Path) -> None:
        target = root / path
        lines = target.read_text(encoding="utf-8").splitlines()
        out = [lines[0] + "," + column]
        out += [line + "," + values.get(line.split(",")[0], "") for line in lines[1:]]
        target.write_text("\n".join(out) + "\n", encoding="utf-8")
    return apply


def year_column(path: Path | str, years: dict[str, str], default: str = "2024") -> Callable[[Path], None]:
    """Give values.csv a year column: `default` on every row, other years for the rows starting with a key."""
    def apply(root: Path) -> None:
        target = root / path
        lines = target.read_text(encoding="utf-8").splitlines()
        out = [lines[0] + ",year"]
        out += [line + "," + next((y for k, y in years.items() if line.startswith(k + ",")), default)
                for line in lines[1:]]
        target.write_text("\n".join(out) + "\n", encoding="utf-8")
    return apply


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for step in steps:
            step(root)
    return apply


def chapter(text: str, path: Path = EN) -> Callable[[Path], None]:
    """Add a paragraph to the end of a chapter (line numbers below count from the fixture's 15 lines)."""
    return append(path, "\n" + text + "\n")



INPUTS = [  # (id, edit, command arguments if not BUILD)
    # ---- files that cannot be read ----------------------------------------------------------
    ("latin1-cities", to_latin1(ED / "cities.csv", "Alpha,", "Alphé,")),
    ("latin1-values", to_latin1(ED / "values.csv", "illustrative", "illustratïve")),
    ("latin1-edition-yaml", to_latin1(ED / "edition.yaml", "Tiny Test Index", "Tiny Tést Index")),
    ("huge-field", replace(ED / "values.csv", "alpha,gdp,200,illustrative", "alpha,gdp,200," + "x" * 10_500_000)),
    ("values-is-a-folder", folder_for(ED / "values.csv")),
    ("cities-missing", remove(ED / "cities.csv")),
    ("edition-yaml-missing", remove(ED / "edition.yaml")),
    ("csv-unterminated-quote", append(ED / "values.csv", 'delta,gdp,"7,x\n')),
    ("csv-stray-quote", append(ED / "values.csv", 'delta,gdp,"7"x,y\n')),
    ("csv-empty", write(ED / "previous.csv", "")),
    ("csv-duplicate-column", replace(ED / "previous.csv", "city,indicator,rank,source", "city,indicator,rank,rank")),
    ("yaml-syntax", replace(ED / "edition.yaml", "year: 2024", "year: [2024")),
    ("yaml-not-mapping", write(ED / "edition.yaml", "- just\n- a list\n")),
    # ---- settings ---------------------------------------------------------------------------
    ("settings-wrong-type", replace(ED / "edition.yaml", "precision: 2", "precision: two")),
    ("settings-unknown-key", replace(ED / "edition.yaml", "precision: 2", "precison: 2")),
    ("settings-missing-key", replace(ED / "edition.yaml", "year: 2024\n", "")),
    ("settings-id", replace(ED / "edition.yaml", "id: tiny", "id: tinny")),
    ("settings-translation", replace(ED / "edition.yaml", "zh: 微型测试指数", "zh: ''")),
    ("settings-and-values-wrong", both(replace(ED / "edition.yaml", "precision: 2", "precision: -1"),
                                       replace(ED / "values.csv", "beta,gdp,50", "beta,gdp,fifty"))),
    # ---- framework --------------------------------------------------------------------------
    ("framework-id", replace(ED / "framework.csv", "firms,econ", "fi rms,econ")),
    ("framework-id-duplicate", replace(ED / "framework.csv", "firms,econ", "gdp,econ")),
    ("framework-weight", replace(ED / "framework.csv", "firms,econ,Firms,企业数量,0.5", "firms,econ,Firms,企业数量,-1")),
    ("framework-weight-missing", replace(ED / "framework.csv", "firms,econ,Firms,企业数量,0.5", "firms,econ,Firms,企业数量,")),
    ("framework-weight-sum", replace(ED / "framework.csv", "firms,econ,Firms,企业数量,0.5", "firms,econ,Firms,企业数量,0.6")),
    ("framework-direction", replace(ED / "framework.csv", "crime,life,Crime rate,犯罪率,0.5,-", "crime,life,Crime rate,犯罪率,0.5,down")),
    ("framework-method", replace(ED / "framework.csv", "parks,life,Park area,公园面积,0.5,+,goalposts",
                                 "parks,life,Park area,公园面积,0.5,+,goalpost")),
    ("framework-params", replace(ED / "framework.csv", "min=0;max=40;lo=60;hi=100", "min=0;max=forty;lo 60")),
    ("framework-param-unknown", replace(ED / "framework.csv", "min=0;max=40;lo=60;hi=100", "min=0;max=40;low=60")),
    ("goalposts-without-bounds", replace(ED / "framework.csv", "min=0;max=40;lo=60;hi=100", "lo=60;hi=100")),
    ("goalposts-min-above-max", replace(ED / "framework.csv", "min=0;max=40;lo=60;hi=100", "min=40;max=0")),
    ("framework-missing-rule", add_column(ED / "framework.csv", "missing", {"firms": "drop"})),
    ("framework-orphan", replace(ED / "framework.csv", "firms,econ", "firms,ecom")),
    ("framework-cycle", replace(ED / "framework.csv", "econ,overall", "econ,gdp")),
    ("framework-two-roots", replace(ED / "framework.csv", "life,overall", "life,")),
    ("framework-misspelled-column", replace(ED / "framework.csv", "id,parent,name_en,name_zh,weight,direction",
                                            "id,parent,name_en,name_zh,weight,directon")),
    ("framework-missing-column", replace(ED / "framework.csv", "id,parent,name_en,name_zh,weight,",
                                         "id,parent,name_en,name_zh,weigth,")),
    ("framework-translation", replace(ED / "framework.csv", "firms,econ,Firms,企业数量", "firms,econ,Firms,")),
    ("framework-depth", replace(ED / "edition.yaml", "  - name: {en: Indicator, zh: 指标}\n", "")),
    # ---- data -------------------------------------------------------------------------------
    ("unknown-city", replace(ED / "values.csv", "beta,gdp,50", "betta,gdp,50")),
    ("unknown-indicator", replace(ED / "values.csv", "alpha,firms,10", "alpha,firmz,10")),
    ("value-not-input", append(ED / "values.csv", "alpha,econ,3,x\n")),
    ("value-not-number", replace(ED / "values.csv", "delta,firms,10,", 'delta,firms,"1,5",')),
    ("value-infinite", replace(ED / "values.csv", "delta,firms,10,", "delta,firms,inf,")),
    ("value-duplicate", append(ED / "values.csv", "gamma,crime,4,again\n")),
    ("value-missing", replace(ED / "values.csv", "gamma,parks,10,", "gamma,parks,,")),
    ("extra-field", replace(ED / "values.csv", "alpha,firms,10,illustrative", "alpha,firms,10,illustrative,oops")),
    ("fewer-fields", replace(ED / "values.csv", "alpha,firms,10,illustrative", "alpha,firms")),
    ("misspelled-values-column", replace(ED / "values.csv", "city,indicator,value,source", "city,indicater,value,source")),
    ("unknown-values-column", replace(ED / "values.csv", "city,indicator,value,source", "city,indicator,value,sauce")),
    ("denominator-zero", replace(ED / "cities.csv", "beta,Beta,贝塔,bb,north,1", "beta,Beta,贝塔,bb,north,0")),
    ("denominator-empty", replace(ED / "cities.csv", "beta,Beta,贝塔,bb,north,1", "beta,Beta,贝塔,bb,north,")),
    ("denominator-text", replace(ED / "cities.csv", "beta,Beta,贝塔,bb,north,1", "beta,Beta,贝塔,bb,north,one")),
    ("denominator-column", replace(ED / "framework.csv", ",population", ",populaton")),
    ("negative-under-log", both(add_column(ED / "framework.csv", "transform", {"firms": "log"}),
                                replace(ED / "values.csv", "beta,firms,30", "beta,firms,-3"))),
    ("zero-variance", both(replace(ED / "values.csv", "beta,firms,30", "beta,firms,10"),
                           replace(ED / "values.csv", "gamma,firms,20", "gamma,firms,10"))),
    ("group-value-untranslated", replace(ED / "cities.csv", "delta,Delta,德尔塔,dd,south", "delta,Delta,德尔塔,dd,east")),
    ("group-duplicate", append(ED / "groups.csv", "region,north,North again,北方\n")),
    ("city-duplicate", append(ED / "cities.csv", "beta,Beta,贝塔,bb,north,1\n")),
    ("city-id", append(ED / "cities.csv", "e psilon,Epsilon,伊普西隆,ee,north,1\n")),
    ("city-translation", replace(ED / "cities.csv", "gamma,Gamma,伽马", "gamma,Gamma,")),
    ("published-empty", write(ED / "published.csv", "table,city,indicator,score,rank,source\nTable 1,alpha,overall,,,x\n")),
    ("published-table", write(ED / "published.csv", "table,city,indicator,score,rank,source\n,alpha,overall,80,1,x\n")),
    ("published-score", write(ED / "published.csv", "table,city,indicator,score,rank,source\nTable 1,alpha,overall,8O,1,x\n")),
    ("group-mean-attribute", add_column(ED / "framework.csv", "missing", {"firms": "group_mean:continent"})),
    ("framework-compute", add_column(ED / "framework.csv", "compute", {"firms": "ratio(firms)"})),
    ("framework-compute-parent", add_column(ED / "framework.csv", "compute", {"econ": '"ratio(gdp, firms)"'})),
    ("compute-unknown", add_column(ED / "framework.csv", "compute", {"firms": '"quotient(a, b)"'})),
    ("variable-missing", both(add_column(ED / "framework.csv", "compute", {"firms": '"ratio(companies, people)"'}),
                              replace(ED / "values.csv", ",firms,", ",companies,", 4))),
    ("value-year", year_column(ED / "values.csv", {"beta,firms": "20x4"})),
    ("panel-too-old", both(year_column(ED / "values.csv", {"beta,firms": "2019"}),
                           replace(ED / "edition.yaml", "precision: 2", "precision: 2\nmax_age: 2"))),
    ("impute-empty", both(add_column(ED / "framework.csv", "missing", {"firms": "group_median:region"}),
                          replace(ED / "values.csv", "alpha,firms,10", "alpha,firms,"),
                          replace(ED / "values.csv", "beta,firms,30", "beta,firms,"))),
    ("missing-rule-parent", add_column(ED / "framework.csv", "missing", {"econ": "median"})),
    ("unit-unknown", replace(ED / "framework.csv", "goalposts,min=0;max=40;lo=60;hi=100", "dist2ref,ref=omega")),
    ("forward-only-reversed", replace(ED / "framework.csv", "crime,life,Crime rate,犯罪率,0.5,-,,",
                                      "crime,life,Crime rate,犯罪率,0.5,-,fracmax,")),
    ("param-value", replace(ED / "framework.csv", "min=0;max=40;lo=60;hi=100", "min=0;max=40;clip=maybe")),
    ("transform-param-missing", add_column(ED / "framework.csv", "transform", {"firms": "power"})),
    ("screen-unknown-city", replace(ED / "edition.yaml", "precision: 2",
                                    "precision: 2\nscreen: {min_coverage: 0.5, exclude: [omicron]}")),
    ("published-no-score-rank", write(ED / "published.csv", "table,city,indicator,score,rank,source\nT1,alpha,overall,-,3,x\n")),
    ("published-tier", write(ED / "published.csv", "table,city,indicator,score,rank,tier,source\nT1,alpha,overall,,,top5,x\n")),
    ("chapter-unknown-tier", chapter("{{ names(tier_cities('top5')) }}")),
    ("chapter-untiered", both(replace(ED / "edition.yaml", "precision: 2", "precision: 2\ntier_levels: [1]"),
                              chapter("{{ names(tier_cities('top25', 'overall')) }}"))),
    ("external-ranks", write(ED / "external_ranks.csv", "table,city,index,rank,source\nT12,alpha,gci,,x\n")),
    ("published-censored-text", write(ED / "published.csv", "table,city,indicator,score,rank,source\nT1,alpha,overall,<five,,x\n")),
    ("group-ranks-column", replace(ED / "edition.yaml", "group_ranks: [region]", "group_ranks: [region, continent]")),
    ("previous-rank", replace(ED / "previous.csv", "beta,overall,2", "beta,overall,2.5")),
    ("pair-same-city", write(ED / "pairs.csv", "city_a,city_b,indicator,value,source\nalpha,alpha,firms,3,x\n"
                                               "alpha,beta,firms,2,x\nbeta,alpha,firms,4,x\n")),
    ("pair-incomplete", both(replace(ED / "edition.yaml", "precision: 2", "precision: 2\npathways: {city_score: sum}"),
                             write(ED / "pairs.csv", "city_a,city_b,indicator,value,source\nalpha,beta,gdp,3,x\n"
                                                     "alpha,beta,firms,2,x\nalpha,beta,crime,1,x\n"
                                                     "gamma,beta,gdp,3,x\nalpha,beta,parks,1,x\n"))),
    ("pathways-rule", replace(ED / "edition.yaml", "precision: 2", "precision: 2\npathways: {city_score: top:0}")),
    ("published-tied-with", write(ED / "published_pairs.csv", "table,city_a,city_b,indicator,score,rank,tied_with,"
                                                              "source\nT8,alpha,beta,overall,,1,two,x\n"
                                                              "T8,gamma,delta,overall,,,3,x\n")),
    ("published-changes", write(ED / "published_changes.csv", "table,city,indicator,left_out,printed,change,source\n"
                                                              "T11,alpha,overall,gdp,+1,1,x\n"
                                                              "T11,beta,overall,life,+2,two,x\n"
                                                              "T11,gamma,overall,life,—,1,x\n")),
    ("emoji-city-name", replace(ED / "cities.csv", "alpha,Alpha,", "alpha,Alpha \U0001F600,")),
    ("arabic-city-name", replace(ED / "cities.csv", "gamma,Gamma,伽马", "gamma,Gamma غاما,伽马")),
    # ---- chapters ---------------------------------------------------------------------------
    ("chapter-not-utf8", write(EN, "---\nid: summary\ntitle: Summary\n---\nCaf\xe9\n".encode("latin-1"))),
    ("chapter-front-matter-yaml", replace(EN, "title: Summary", "title: [Summary")),
    ("chapter-front-matter-missing", replace(EN, "---\nid: summary\ntitle: Summary\n---\n", "")),
    ("chapter-front-matter-key", replace(EN, "title: Summary\n", "")),
    ("chapter-id-duplicate", write("content/tiny/en/02-again.md", "---\nid: summary\ntitle: Again\n---\nText.\n")),
    ("chapter-template-syntax", chapter("{{ top('overall', 1) ")),
    ("chapter-unknown-function", chapter("{{ topp('overall', 1) }}")),
    ("chapter-unknown-city", chapter("{{ city('gama').score }}")),
    ("chapter-unknown-indicator", chapter("{{ ind('econm') }}")),
    ("chapter-unknown-attribute", chapter("{{ count('overall', regoin='north') }}")),
    ("chapter-wrong-arguments", chapter("{{ top('overall', 1, 2, 3) }}")),
    ("chapter-unknown-attribute-of-value", chapter("{{ city('alpha').rnak }}")),
    ("chapter-unknown-figure-kind", both(chapter('{{ figure("rankin", "overall") }}'),
                                         chapter('{{ figure("rankin", "overall") }}', ZH))),
    ("chapter-unknown-table-kind", both(chapter('{{ table("score", "overall") }}'),
                                        chapter('{{ table("score", "overall") }}', ZH))),
    ("chapter-figure-arguments", both(chapter('{{ figure("ranking") }}'), chapter('{{ figure("ranking") }}', ZH))),
    ("placements-differ", chapter('{{ figure("ranking", "econ") }}')),
    ("chapter-sandbox", chapter("{{ edition.__class__.__init__.__globals__ }}")),
    ("image-http", chapter("![logo](http://127.0.0.1:9/logo.png)")),
    ("image-outside", chapter("![passwd](../../../../etc/passwd.png)")),
    ("image-absolute", chapter("![passwd](/etc/passwd.png)")),
    ("image-missing", chapter("![logo](logo.png)")),
    ("image-type", both(write("content/tiny/en/notes.txt", "x"), chapter("![notes](notes.txt)"))),
    ("image-svg-external", both(write("content/tiny/en/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg">'
                                      '<image href="http://127.0.0.1:9/x.png"/></svg>'), chapter("![logo](logo.svg)"))),
    ("link-local-file", chapter("[the data](../../../data/tiny/values.csv)")),
    ("html-img", chapter('<img src="http://127.0.0.1:9/x.png">')),
    ("html-attachment", chapter('<a href="/etc/passwd" rel="attachment">x</a>')),
    ("html-style-url", chapter('<span style="background: url(http://127.0.0.1:9/x.png)">x</span>')),
    ("html-script", chapter("<script>fetch('http://127.0.0.1:9/')</script>")),
    ("html-iframe", chapter('<iframe src="file:///etc/passwd"></iframe>')),
    ("html-link-stylesheet", chapter('<link rel="stylesheet" href="http://127.0.0.1:9/x.css">')),
    ("content-folder-missing", both(remove(ZH), lambda root: (root / ZH.parent).rmdir())),
    # ---- strings and templates ----------------------------------------------------------------
    ("strings-syntax", replace("templates/strings/zh.yaml", "report:\n", "report:\n  contents: [x\n")),
    ("strings-missing-key", replace("templates/strings/zh.yaml", "  contents: 目录\n", "")),
    ("strings-not-utf8", to_latin1("templates/strings/en.yaml", "Contents", "Contènts")),
    ("strings-override-unknown", both(write("content/tiny/en/strings.yaml", "report:\n  contnts: Inhalt\n"),
                                      write("content/tiny/zh/strings.yaml", "report:\n  contnts: 目录\n"))),
    ("strings-override-one-language", write("content/tiny/en/strings.yaml", "tables:\n  scores: Our own caption\n")),
    ("template-syntax", replace("templates/table.html", "{% for h in part.headers %}", "{% for h in part.headers")),
    ("template-missing", remove("templates/figure.html")),
    ("template-name", replace("templates/figure.html", "{{ fig.caption }}", "{{ fig.captoin }}")),
    ("stylesheet-missing", remove("templates/screen.css")),
    # ---- command line -------------------------------------------------------------------------
    ("format-unknown", lambda root: None, ("build", "tiny", "--format", "html,docx")),
    ("settings-language", replace(ED / "edition.yaml", "languages: [en, zh]", "languages: [en, zh, fr]")),
    ("lang-unknown", lambda root: None, ("build", "tiny", "--lang", "fr")),
    ("output-is-a-file", lambda root: None, ("build", "tiny", "--output-dir", "data/tiny/values.csv")),
    ("release-version-path", lambda root: None, ("release", "tiny", "--version", "../../../x", "--allow-dirty")),
    ("verify-empty-manifest", write("release/manifest.json", ""), ("verify", "release")),
    ("verify-corrupt-manifest", write("release/manifest.json", '{"files": {"a.pdf": 3}'), ("verify", "release")),
    ("verify-manifest-path", write("release/manifest.json", '{"files": {"../../etc/passwd": "00"}}'), ("verify", "release")),
    ("verify-no-manifest", write("release/report.pdf", "x"), ("verify", "release")),
]


EXPECTED: dict[str, tuple[str, ...]] = {  # reviewed by hand; regenerate only to review again
    'latin1-cities': (
        'data/tiny/cities.csv, line 2: found bytes that are not UTF-8 (byte 0xE9 at character 11); expected a UTF-8 encoded text file (save it as UTF-8) [file-encoding]',
    ),
    'latin1-values': (
        'data/tiny/values.csv, line 2: found bytes that are not UTF-8 (byte 0xEF at character 24); expected a UTF-8 encoded text file (save it as UTF-8) [file-encoding]',
    ),
    'latin1-edition-yaml': (
        'data/tiny/edition.yaml, line 5: found bytes that are not UTF-8 (byte 0xE9 at character 19); expected a UTF-8 encoded text file (save it as UTF-8) [file-encoding]',
    ),
    'huge-field': (
        "data/tiny/values.csv, line 2, column 'source': found a field of 10,500,000 characters; expected at most 100,000 characters per field [csv-field-too-large]",
    ),
    'values-is-a-folder': (
        'data/tiny/values.csv: found a folder; expected a file [not-a-file]',
    ),
    'cities-missing': (
        'data/tiny/cities.csv: found no such file; expected this file in the edition folder [file-missing]',
    ),
    'edition-yaml-missing': (
        'data/tiny/edition.yaml: found no such file; expected the edition settings [file-missing]',
    ),
    'csv-unterminated-quote': (
        'data/tiny/values.csv, line 18: found a malformed row (unexpected end of data); expected well-formed CSV (RFC 4180) [csv-syntax]',
    ),
    'csv-stray-quote': (
        'data/tiny/values.csv, line 18: found a malformed row (\',\' expected after \'"\'); expected well-formed CSV (RFC 4180) [csv-syntax]',
    ),
    'csv-empty': (
        'data/tiny/previous.csv, line 1: found an empty file; expected a header row naming the columns [csv-empty]',
    ),
    'csv-duplicate-column': (
        "data/tiny/previous.csv, line 1, column 'rank': found column 'rank' twice; expected each column once [csv-column-duplicate]",
    ),
    'yaml-syntax': (
        "data/tiny/edition.yaml, line 4: found invalid YAML (expected ',' or ']', but got ':'); expected well-formed YAML [yaml-syntax]",
    ),
    'yaml-not-mapping': (
        'data/tiny/edition.yaml, line 1: found a list; expected a mapping of keys to values [yaml-not-mapping]',
    ),
    'settings-wrong-type': (
        "data/tiny/edition.yaml, line 9, key 'precision': found 'two'; expected a whole number [settings-key]",
    ),
    'settings-unknown-key': (
        "data/tiny/edition.yaml, line 9, key 'precison': found unknown key 'precison' (did you mean 'precision'?); expected one of the keys authors, better, data_year, defaults, external, group_ranks, id, illustrative, input_level, languages, levels, max_age, pathways, precision, previous_edition, published, publisher, renormalise_weights, results_only, results_tables, screen, source, tier_levels, tiers, ties, title, year [settings-unknown-key]",
    ),
    'settings-missing-key': (
        "data/tiny/edition.yaml, line 2, key 'year': found nothing; expected a value (this key is required) [settings-key]",
    ),
    'settings-id': (
        "data/tiny/edition.yaml, line 2, key 'id': found 'tinny'; expected the folder name 'tiny' [settings-id]",
    ),
    'settings-translation': (
        "data/tiny/edition.yaml, key 'title': found no text; expected a translation for 'zh' [text-missing]",
    ),
    'settings-and-values-wrong': (
        "data/tiny/edition.yaml, line 9, key 'precision': found '-1'; expected greater than or equal to 0 [settings-key]",
        "data/tiny/values.csv, line 3, column 'value': found 'fifty'; expected a finite number, n/a where the indicator does not apply, or empty for a missing value [value-not-number]",
    ),
    'framework-id': (
        "data/tiny/framework.csv, line 6, column 'id': found 'fi rms'; expected an id of letters, digits, '-', '_' or '.' [framework-id]",
    ),
    'framework-id-duplicate': (
        "data/tiny/framework.csv, line 6, column 'id': found duplicate id 'gdp'; expected a unique id (first on line 5) [framework-id-duplicate]",
    ),
    'framework-weight': (
        "data/tiny/framework.csv, line 5, column 'weight': found weights of the children of 'econ' summing to -0.5; expected a sum of 1 (or renormalise_weights: true in edition.yaml) [framework-weight-sum]",
        "data/tiny/framework.csv, line 6, column 'weight': found '-1'; expected a finite number >= 0, or empty [framework-weight]",
    ),
    'framework-weight-missing': (
        "data/tiny/framework.csv, line 6, column 'weight': found no weight; expected a weight within parent 'econ' [framework-weight-missing]",
    ),
    'framework-weight-sum': (
        "data/tiny/framework.csv, line 5, column 'weight': found weights of the children of 'econ' summing to 1.1; expected a sum of 1 (or renormalise_weights: true in edition.yaml) [framework-weight-sum]",
    ),
    'framework-direction': (
        "data/tiny/framework.csv, line 7, column 'direction': found 'down'; expected '+' (a higher value scores higher) or '-' (reverse) [framework-direction]",
    ),
    'framework-method': (
        "data/tiny/framework.csv, line 8, column 'normalise': found unknown method 'goalpost' (did you mean 'goalposts'?); expected one of bands, borda, dist2max, dist2ref, dist2targ, fracmax, goalposts, minmax, none, prank, rank, scaled, zscore [framework-method]",
    ),
    'framework-params': (
        "data/tiny/framework.csv, line 8, column 'normalise_params': found 'lo 60'; expected key=value pairs separated by ';' [framework-params]",
        "data/tiny/framework.csv, line 8, column 'normalise_params': found max=forty; expected a finite number [framework-param-value]",
        "data/tiny/framework.csv, line 8, column 'normalise_params': found no max for goalposts; expected goalposts with max set, e.g. max=... [framework-param-missing]",
    ),
    'framework-param-unknown': (
        "data/tiny/framework.csv, line 8, column 'normalise_params': found 'low' (did you mean 'lo'?); expected a parameter of goalposts: min, max, lo, hi, clip [framework-param-unknown]",
    ),
    'goalposts-without-bounds': (
        "data/tiny/framework.csv, line 8, column 'normalise_params': found no min and max for goalposts; expected goalposts with min and max set, e.g. min=...;max=... [framework-param-missing]",
    ),
    'goalposts-min-above-max': (
        "data/tiny/framework.csv, line 8, column 'normalise_params': found min=40 and max=0; expected goalposts with min < max [framework-param-value]",
    ),
    'framework-missing-rule': (
        "data/tiny/framework.csv, line 6, column 'missing': found 'drop'; expected steps separated by '|': latest:<years>, mean, median, group_mean:<city attribute>, group_median:<city attribute>; then, last, one of error, reweight, unscored [framework-missing-rule]",
    ),
    'framework-orphan': (
        "data/tiny/framework.csv, line 6, column 'parent': found unknown parent 'ecom' (orphan node 'firms') (did you mean 'econ'?); expected the id of another node [framework-orphan]",
    ),
    'framework-cycle': (
        "data/tiny/framework.csv, line 3, column 'parent': found a cycle econ -> gdp -> econ; expected a tree: no node may be its own ancestor [framework-cycle]",
    ),
    'framework-two-roots': (
        "data/tiny/framework.csv, line 4, column 'parent': found 2 root nodes ('overall' on line 2, 'life' on line 4); expected exactly one node with an empty parent [framework-roots]",
    ),
    'framework-misspelled-column': (
        "data/tiny/framework.csv, line 1, column 'directon': found unknown column 'directon' (did you mean 'direction'?); expected only the columns id, parent, weight, name_en, name_zh, declared_weight, direction, normalise, normalise_params, transform, transform_params, compute, denominator, aggregate, aggregate_params, missing, source, name_<...>, unit_<...>, definition_<...>, source_<...>, note<...> [csv-column-unknown]",
    ),
    'framework-missing-column': (
        "data/tiny/framework.csv, line 1, column 'weight': found no such column in the header (the header has 'weigth'); expected a header with the columns id, parent, weight, name_en, name_zh [csv-column-missing]",
        "data/tiny/framework.csv, line 1, column 'weigth': found unknown column 'weigth' (did you mean 'weight'?); expected only the columns id, parent, weight, name_en, name_zh, declared_weight, direction, normalise, normalise_params, transform, transform_params, compute, denominator, aggregate, aggregate_params, missing, source, name_<...>, unit_<...>, definition_<...>, source_<...>, note<...> [csv-column-unknown]",
    ),
    'framework-translation': (
        "data/tiny/framework.csv, line 6, column 'name_zh': found no text; expected a translation for 'zh' [text-missing]",
    ),
    'framework-depth': (
        "data/tiny/framework.csv: found a tree 3 levels deep; expected at most 2 levels, as edition.yaml 'levels' names [framework-depth]",
    ),
    'unknown-city': (
        "data/tiny/values.csv, line 3, column 'city': found unknown city 'betta' (did you mean 'beta'?); expected an id from cities.csv [city-unknown]",
    ),
    'unknown-indicator': (
        "data/tiny/values.csv, line 6, column 'indicator': found unknown indicator 'firmz' (did you mean 'firms'?); expected an id from framework.csv [indicator-unknown]",
    ),
    'value-not-input': (
        "data/tiny/values.csv, line 18, column 'indicator': found 'econ', not an input node; expected an input indicator or a raw variable of a computed input: crime, firms, gdp, parks [value-not-input]",
    ),
    'value-not-number': (
        "data/tiny/values.csv, line 9, column 'value': found '1,5'; expected a finite number, n/a where the indicator does not apply, or empty for a missing value [value-not-number]",
    ),
    'value-infinite': (
        "data/tiny/values.csv, line 9, column 'value': found 'inf'; expected a finite number, n/a where the indicator does not apply, or empty for a missing value [value-not-number]",
    ),
    'value-duplicate': (
        "data/tiny/values.csv, line 18, column 'city': found duplicate row for gamma, crime; expected one value per city and indicator (first on line 12) [value-duplicate]",
    ),
    'value-missing': (
        "data/tiny/values.csv, indicator 'parks': found no value for gamma; expected a value for every city, or a missing rule in framework.csv (reweight, unscored, an imputation such as median, or latest:<years>) [value-missing]",
    ),
    'extra-field': (
        'data/tiny/values.csv, line 6: found 5 fields; expected 4 fields, one per header column [csv-fields]',
    ),
    'fewer-fields': (
        "data/tiny/values.csv, indicator 'firms': found no value for alpha; expected a value for every city, or a missing rule in framework.csv (reweight, unscored, an imputation such as median, or latest:<years>) [value-missing]",
    ),
    'misspelled-values-column': (
        "data/tiny/values.csv, line 1, column 'indicater': found unknown column 'indicater' (did you mean 'indicator'?); expected only the columns city, indicator, value, year, source, note [csv-column-unknown]",
        "data/tiny/values.csv, line 1, column 'indicator': found no such column in the header (the header has 'indicater'); expected a header with the columns city, indicator, value [csv-column-missing]",
    ),
    'unknown-values-column': (
        "data/tiny/values.csv, line 1, column 'sauce': found unknown column 'sauce' (did you mean 'source'?); expected only the columns city, indicator, value, year, source, note [csv-column-unknown]",
    ),
    'denominator-zero': (
        "data/tiny/cities.csv, line 3, column 'population': found 0; expected a non-zero number, or empty where it is not known (denominator of indicator 'gdp') [denominator-value]",
    ),
    'denominator-empty': (
        "data/tiny/values.csv, indicator 'gdp': found no value for beta (beta: no population in data/tiny/cities.csv to divide by); expected a value for every city, or a missing rule in framework.csv (reweight, unscored, an imputation such as median, or latest:<years>) [value-missing]",
    ),
    'denominator-text': (
        "data/tiny/cities.csv, line 3, column 'population': found 'one'; expected a non-zero number, or empty where it is not known (denominator of indicator 'gdp') [denominator-value]",
    ),
    'denominator-column': (
        "data/tiny/values.csv, indicator 'gdp': found denominator 'populaton' (did you mean 'population'?); expected a numeric column of cities.csv [denominator-column]",
    ),
    'negative-under-log': (
        "data/tiny/values.csv, line 7, column 'value': found -3, which log cannot take; expected a value with x + a > 0 (indicator 'firms' has transform log) [transform-domain]",
    ),
    'zero-variance': (
        "data/tiny/values.csv, indicator 'firms': found zero variance (every city has 10); expected values that differ between cities, as minmax needs [zero-variance]",
    ),
    'group-value-untranslated': (
        "data/tiny/cities.csv, line 5, column 'region': found 'east'; expected a value with names in groups.csv (attribute 'region') [city-group-value]",
    ),
    'group-duplicate': (
        "data/tiny/groups.csv, line 4, column 'value': found duplicate row for region=north; expected one row per attribute and value (first on line 2) [group-duplicate]",
    ),
    'city-duplicate': (
        "data/tiny/cities.csv, line 6, column 'id': found duplicate city 'beta'; expected a unique id (first on line 3) [city-duplicate]",
    ),
    'city-id': (
        "data/tiny/cities.csv, line 6, column 'id': found 'e psilon'; expected an id of letters, digits, '-', '_' or '.' [city-id]",
    ),
    'city-translation': (
        "data/tiny/cities.csv, line 4, column 'name_zh': found no text; expected a translation for 'zh' [text-missing]",
    ),
    'published-empty': (
        "data/tiny/published.csv, line 2, column 'score': found neither a score nor a rank; expected a published score, rank or tier, or - where the table prints that there is no score [published-empty]",
    ),
    'published-table': (
        "data/tiny/published.csv, line 2, column 'table': found no text; expected the table or figure the number was printed in [published-table]",
    ),
    'published-score': (
        "data/tiny/published.csv, line 2, column 'score': found '8O'; expected a finite number, a censored value such as <5, - for no score, or empty [value-not-number]",
    ),
    'group-mean-attribute': (
        "data/tiny/framework.csv, line 6, column 'missing': found group_mean over unknown attribute 'continent'; expected a column of cities.csv [group-mean-attribute]",
    ),
    'framework-compute': (
        "data/tiny/framework.csv, line 6, column 'compute': found 'ratio(firms)'; expected ratio(a, b) [framework-compute]",
    ),
    'framework-compute-parent': (
        "data/tiny/framework.csv, line 3, column 'compute': found 'ratio'; expected a computed input on an input node (this node's score comes from its children) [framework-compute]",
    ),
    'compute-unknown': (
        "data/tiny/framework.csv, line 6, column 'compute': found unknown method 'quotient'; expected one of difference, growth, product, ratio, trend [framework-method]",
    ),
    'variable-missing': (
        "data/tiny/values.csv, indicator 'firms': found no rows for 'people'; expected rows for 'people', which firms = ratio(companies, people) uses [variable-missing]",
    ),
    'value-year': (
        "data/tiny/values.csv, line 7, column 'year': found '20x4'; expected a year such as 2023 [value-year]",
    ),
    'panel-too-old': (
        "data/tiny/values.csv, indicator 'firms': found no value for beta in 2024 or the 2 years before; expected a value for every city, or a missing rule in framework.csv (reweight, unscored, an imputation such as median, or latest:<years>) [value-missing]",
    ),
    'impute-empty': (
        "data/tiny/framework.csv, line 6, indicator 'firms': found no value in the city's region group to take the group_median of (for alpha, beta); expected values to impute from, or a further step in the missing rule, such as |reweight [impute-empty]",
    ),
    'missing-rule-parent': (
        "data/tiny/framework.csv, line 3, column 'missing': found 'median'; expected for a parent node one of reweight, unscored, share:<q>, error [framework-missing-rule]",
    ),
    'unit-unknown': (
        "data/tiny/framework.csv, line 8, column 'normalise_params': found unknown city 'omega'; expected a city id of cities.csv (parameter ref of dist2ref) [unit-unknown]",
    ),
    'forward-only-reversed': (
        "data/tiny/framework.csv, line 7, column 'direction': found '-'; expected '+': fracmax has no reverse form (COINr's fracmax with direction -1 gives x / min, which is not a reversal) [framework-direction]",
    ),
    'param-value': (
        "data/tiny/framework.csv, line 8, column 'normalise_params': found clip=maybe; expected 1 or 0 (true or false) [framework-param-value]",
    ),
    'transform-param-missing': (
        "data/tiny/framework.csv, line 6, column 'transform_params': found no p for power; expected power with p set, e.g. p=... [framework-param-missing]",
    ),
    'screen-unknown-city': (
        "data/tiny/edition.yaml, key 'screen.exclude[0]': found 'omicron'; expected a city id of cities.csv [settings-key]",
    ),
    'published-no-score-rank': (
        "data/tiny/published.csv, line 2, column 'rank': found rank '3' beside the score -; expected no rank where the table prints no score [published-no-score-rank]",
    ),
    'published-tier': (
        "data/tiny/published.csv, line 2, column 'tier': found tier 'top5' (did you mean 'top50'?); expected one of the tiers of edition.yaml: top25, top50 [published-tier]",
    ),
    'chapter-unknown-tier': (
        "content/tiny/en/01-summary.md, line 16: found unknown tier 'top5' (did you mean 'top50'?); expected a tier of edition.yaml: top25, top50 [chapter-tier]",
    ),
    'chapter-untiered': (
        "content/tiny/en/01-summary.md, line 16: found tiers of 'overall'; expected an indicator whose ranking has tiers (tier_levels): econ, life [chapter-untiered]",
    ),
    'external-ranks': (
        "data/tiny/external_ranks.csv, line 2, column 'index': found index 'gci'; expected an index of edition.yaml's external: none [external-index]",
        "data/tiny/external_ranks.csv, line 2, column 'rank': found no rank; expected the rank the other index gives [external-rank]",
    ),
    'published-censored-text': (
        "data/tiny/published.csv, line 2, column 'score': found '<five'; expected a finite number, a censored value such as <5, - for no score, or empty [value-not-number]",
    ),
    'group-ranks-column': (
        "data/tiny/cities.csv, line 1, column 'continent': found no such column; expected a city attribute named in edition.yaml group_ranks [city-group-column]",
    ),
    'previous-rank': (
        "data/tiny/previous.csv, line 3, column 'rank': found '2.5'; expected a whole number >= 1, or empty where the previous rank is not known [rank-not-whole]",
    ),
    'pair-same-city': (
        "data/tiny/pairs.csv, line 2, column 'city_b': found city 'alpha' on both ends; expected two different cities: a pathway joins a pair of cities [pair-same-city]",
        "data/tiny/pairs.csv, line 4, column 'city_a': found duplicate row for beta, alpha, firms; expected one row per pair (in either order) and indicator (first on line 3) [value-duplicate]",
    ),
    'pair-incomplete': (
        "data/tiny/pairs.csv, indicator 'crime': found no value for beta–gamma; expected a value for every pathway of pairs.csv on every input indicator (0 where there is no flow) [pair-incomplete]",
        "data/tiny/pairs.csv, indicator 'firms': found no value for beta–gamma; expected a value for every pathway of pairs.csv on every input indicator (0 where there is no flow) [pair-incomplete]",
        "data/tiny/pairs.csv, indicator 'parks': found no value for beta–gamma; expected a value for every pathway of pairs.csv on every input indicator (0 where there is no flow) [pair-incomplete]",
    ),
    'pathways-rule': (
        "data/tiny/edition.yaml, line 10, key 'pathways.city_score': found 'top:0'; expected sum, mean or top:<k> (k a whole number >= 1, e.g. top:5) [settings-key]",
    ),
    'published-tied-with': (
        "data/tiny/published_pairs.csv, line 2, column 'tied_with': found 'two'; expected the number of further pathways the table ranks equal but does not name (0 or empty where it names them all), beside a rank [published-tied-with]",
        "data/tiny/published_pairs.csv, line 3, column 'score': found neither a score nor a rank; expected a published score, rank or tier, or - where the table prints that there is no score [published-empty]",
        "data/tiny/published_pairs.csv, line 3, column 'tied_with': found '3'; expected the number of further pathways the table ranks equal but does not name (0 or empty where it names them all), beside a rank [published-tied-with]",
    ),
    'published-changes': (
        "data/tiny/published_changes.csv, line 2, column 'left_out': found category 'gdp' under indicator 'overall'; expected a child of 'overall': econ, life [change-left-out]",
        "data/tiny/published_changes.csv, line 3, column 'change': found 'two'; expected the whole number of places gained when the category is added (0: unchanged; negative: places lost) [change-not-whole]",
        "data/tiny/published_changes.csv, line 4, column 'printed': found change 1 beside printed '—'; expected the number the printed text stands for ('—' for 0, '+2' for 2, '−1' for -1) [change-printed]",
    ),
    'emoji-city-name': (
        "data/tiny/cities.csv, line 2, column 'name_en': found U+1F600 '😀' (GRINNING FACE), which figure 'ranking-overall' would show; expected characters the Liberation Sans font can draw [glyph-missing]",
    ),
    'arabic-city-name': (
        "data/tiny/cities.csv, line 4, column 'name_en': found U+0627 'ا' (ARABIC LETTER ALEF), which figure 'ranking-overall' would show; expected characters the Liberation Sans font can draw [glyph-missing]",
        "data/tiny/cities.csv, line 4, column 'name_en': found U+063A 'غ' (ARABIC LETTER GHAIN), which figure 'ranking-overall' would show; expected characters the Liberation Sans font can draw [glyph-missing]",
        "data/tiny/cities.csv, line 4, column 'name_en': found U+0645 'م' (ARABIC LETTER MEEM), which figure 'ranking-overall' would show; expected characters the Liberation Sans font can draw [glyph-missing]",
    ),
    'chapter-not-utf8': (
        'content/tiny/en/01-summary.md, line 5: found bytes that are not UTF-8 (byte 0xE9 at character 4); expected a UTF-8 encoded text file (save it as UTF-8) [file-encoding]',
    ),
    'chapter-front-matter-yaml': (
        "content/tiny/en/01-summary.md, line 3: found invalid YAML (expected ',' or ']', but got '<stream end>'); expected well-formed YAML [yaml-syntax]",
    ),
    'chapter-front-matter-missing': (
        "content/tiny/en/01-summary.md, line 1: found no front matter; expected '---', then 'id:' and 'title:', then '---' [chapter-front-matter]",
    ),
    'chapter-front-matter-key': (
        "content/tiny/en/01-summary.md, line 2, key 'title': found no 'title'; expected a value for 'title' [chapter-front-matter-key]",
    ),
    'chapter-id-duplicate': (
        "content/tiny/en/02-again.md, line 2, key 'id': found chapter id 'summary' twice; expected a unique id (also in content/tiny/en/01-summary.md) [chapter-id-duplicate]",
    ),
    'chapter-template-syntax': (
        "content/tiny/en/01-summary.md, line 16: found unexpected end of template, expected 'end of print statement'; expected a well-formed template expression ({{ ... }} or {% ... %}) [chapter-template]",
    ),
    'chapter-unknown-function': (
        "content/tiny/en/01-summary.md, line 16: found unknown name 'topp' (did you mean 'top'?); expected one of the template functions: audit_findings, audit_summary, children, city, corr, count, declared_weight, edition, fig_ref, figure, group, ind, lang, mean, n_cities, names, num, partners, pathway, published, rank_without, ranked, t, tab_ref, table, tier_cities, tier_counts, tier_name, title, top, top_pathways, weight [chapter-name]",
    ),
    'chapter-unknown-city': (
        "content/tiny/en/01-summary.md, line 16: found unknown city 'gama' (did you mean 'gamma'?); expected a city id of cities.csv [chapter-city]",
    ),
    'chapter-unknown-indicator': (
        "content/tiny/en/01-summary.md, line 16: found unknown indicator 'econm' (did you mean 'econ'?); expected an indicator of framework.csv: crime, econ, firms, gdp, life, overall, parks [chapter-indicator]",
    ),
    'chapter-unknown-attribute': (
        "content/tiny/en/01-summary.md, line 16: found unknown city attribute 'regoin' (did you mean 'region'?); expected a column of cities.csv: country, name_en, name_zh, population, region [chapter-attribute]",
    ),
    'chapter-wrong-arguments': (
        "content/tiny/en/01-summary.md, line 16: found top('overall', 1, 2, 3); expected top(indicator='overall', n=10, tier=None, **filters) (too many positional arguments) [chapter-call]",
    ),
    'chapter-unknown-attribute-of-value': (
        "content/tiny/en/01-summary.md, line 16: found 'CityView object' has no attribute 'rnak'; expected an attribute or key that it has [chapter-value]",
    ),
    'chapter-unknown-figure-kind': (
        "content/tiny/en/01-summary.md, line 16: found unknown figure kind 'rankin' (did you mean 'ranking'?); expected one of bubble, distribution, heatmap, network, pathway_ranking, rank_matrix, ranking, scatter, slope [figure-kind]",
        "content/tiny/zh/01-summary.md, line 16: found unknown figure kind 'rankin' (did you mean 'ranking'?); expected one of bubble, distribution, heatmap, network, pathway_ranking, rank_matrix, ranking, scatter, slope [figure-kind]",
    ),
    'chapter-unknown-table-kind': (
        "content/tiny/en/01-summary.md, line 16: found unknown table kind 'score' (did you mean 'scores'?); expected one of appendix, changes, cities, data_notes, definitions, framework, pathways, pathways_by_category, published, ranked, ranks, scores, screened, tier_groups, tiers, top_by_category [table-kind]",
        "content/tiny/zh/01-summary.md, line 16: found unknown table kind 'score' (did you mean 'scores'?); expected one of appendix, changes, cities, data_notes, definitions, framework, pathways, pathways_by_category, published, ranked, ranks, scores, screened, tier_groups, tiers, top_by_category [table-kind]",
    ),
    'chapter-figure-arguments': (
        "content/tiny/en/01-summary.md, line 16: found figure('ranking'); expected figure('ranking', indicator, top=None) (missing a required argument: 'indicator') [chapter-call]",
        "content/tiny/zh/01-summary.md, line 16: found figure('ranking'); expected figure('ranking', indicator, top=None) (missing a required argument: 'indicator') [chapter-call]",
    ),
    'placements-differ': (
        "found figure 'ranking-econ' in the en chapters but not in the zh ones; expected the same figures and tables in every language [placements-differ]",
    ),
    'chapter-sandbox': (
        "content/tiny/en/01-summary.md, line 16: found access to attribute '__init__' of 'StrictUndefined' object is unsafe; expected the template functions and the values they return, nothing beneath them [chapter-unsafe]",
    ),
    'image-http': (
        "content/tiny/en/01-summary.md, line 16: found 'http://127.0.0.1:9/logo.png'; expected a file of the project: builds never touch the network [reference-network]",
    ),
    'image-outside': (
        "content/tiny/en/01-summary.md, line 16: found '../../../../etc/passwd.png'; expected a path inside content/tiny/ [reference-outside]",
    ),
    'image-absolute': (
        "content/tiny/en/01-summary.md, line 16: found '/etc/passwd.png'; expected a path inside content/tiny/ [reference-outside]",
    ),
    'image-missing': (
        "content/tiny/en/01-summary.md, line 16: found 'logo.png'; expected an existing file inside content/tiny/ [reference-missing]",
    ),
    'image-type': (
        "content/tiny/en/01-summary.md, line 16: found 'notes.txt'; expected a .png, .jpg, .jpeg or .svg image [reference-type]",
    ),
    'image-svg-external': (
        "content/tiny/en/01-summary.md, line 16: found 'http://127.0.0.1:9/x.png' inside 'logo.svg'; expected an SVG with no external references [reference-svg]",
    ),
    'link-local-file': (
        "content/tiny/en/01-summary.md, line 16: found '../../../data/tiny/values.csv'; expected a link to https://, http://, mailto: or a #section of the report [reference-link]",
    ),
    'html-img': (
        'content/tiny/en/01-summary.md, line 16: found <img>; expected Markdown, or one of the allowed tags: abbr, b, bdi, bdo, blockquote, br, caption, cite, code, col, colgroup, dd, del, dfn, div, dl, dt, em, h2, h3, h4, h5, h6, hr, i, ins, kbd, li, mark, ol, p, q, s, samp, small, span, strong, sub, sup, table, tbody, td, tfoot, th, thead, tr, u, ul, var, wbr [html-tag]',
    ),
    'html-attachment': (
        'content/tiny/en/01-summary.md, line 16: found <a>; expected Markdown, or one of the allowed tags: abbr, b, bdi, bdo, blockquote, br, caption, cite, code, col, colgroup, dd, del, dfn, div, dl, dt, em, h2, h3, h4, h5, h6, hr, i, ins, kbd, li, mark, ol, p, q, s, samp, small, span, strong, sub, sup, table, tbody, td, tfoot, th, thead, tr, u, ul, var, wbr [html-tag]',
    ),
    'html-style-url': (
        "content/tiny/en/01-summary.md, line 16: found attribute 'style' on <span>; expected only the attributes class, colspan, dir, id, lang, rowspan, scope, title [html-attribute]",
    ),
    'html-script': (
        'content/tiny/en/01-summary.md, line 16: found <script>; expected Markdown, or one of the allowed tags: abbr, b, bdi, bdo, blockquote, br, caption, cite, code, col, colgroup, dd, del, dfn, div, dl, dt, em, h2, h3, h4, h5, h6, hr, i, ins, kbd, li, mark, ol, p, q, s, samp, small, span, strong, sub, sup, table, tbody, td, tfoot, th, thead, tr, u, ul, var, wbr [html-tag]',
    ),
    'html-iframe': (
        'content/tiny/en/01-summary.md, line 16: found <iframe>; expected Markdown, or one of the allowed tags: abbr, b, bdi, bdo, blockquote, br, caption, cite, code, col, colgroup, dd, del, dfn, div, dl, dt, em, h2, h3, h4, h5, h6, hr, i, ins, kbd, li, mark, ol, p, q, s, samp, small, span, strong, sub, sup, table, tbody, td, tfoot, th, thead, tr, u, ul, var, wbr [html-tag]',
    ),
    'html-link-stylesheet': (
        'content/tiny/en/01-summary.md, line 16: found <link>; expected Markdown, or one of the allowed tags: abbr, b, bdi, bdo, blockquote, br, caption, cite, code, col, colgroup, dd, del, dfn, div, dl, dt, em, h2, h3, h4, h5, h6, hr, i, ins, kbd, li, mark, ol, p, q, s, samp, small, span, strong, sub, sup, table, tbody, td, tfoot, th, thead, tr, u, ul, var, wbr [html-tag]',
    ),
    'content-folder-missing': (
        'content/tiny/zh: found no such folder; expected the narrative chapters [folder-missing]',
    ),
    'strings-syntax': (
        "templates/strings/zh.yaml, line 7: found invalid YAML (expected ',' or ']', but got ':'); expected well-formed YAML [yaml-syntax]",
    ),
    'strings-missing-key': (
        "templates/strings/zh.yaml, key 'report.contents': found no text for this key; expected every key of the other languages' strings files [strings-missing]",
    ),
    'strings-not-utf8': (
        'templates/strings/en.yaml, line 5: found bytes that are not UTF-8 (byte 0xE8 at character 17); expected a UTF-8 encoded text file (save it as UTF-8) [file-encoding]',
    ),
    'strings-override-unknown': (
        "content/tiny/en/strings.yaml, key 'report.contnts': found a key the shared strings do not have (did you mean 'report.contents'?); expected a key of templates/strings/<lang>.yaml [strings-override-unknown]",
        "content/tiny/zh/strings.yaml, key 'report.contnts': found a key the shared strings do not have (did you mean 'report.contents'?); expected a key of templates/strings/<lang>.yaml [strings-override-unknown]",
    ),
    'strings-override-one-language': (
        "content/tiny/zh/strings.yaml, key 'tables.scores': found no text for this key; expected every key of the other languages' strings files [strings-missing]",
    ),
    'template-syntax': (
        "templates/table.html, line 7: found expected token 'end of statement block', got 'scope'; expected a well-formed Jinja template [template-syntax]",
    ),
    'template-missing': (
        'templates/figure.html: found no such file; expected this template (cityindex ships it) [file-missing]',
    ),
    'template-name': (
        "templates/figure.html, line 4: found 'FigureView object' has no attribute 'captoin'; expected names the context provides (see its documented type) [template-name]",
    ),
    'stylesheet-missing': (
        'templates/screen.css: found no such file; expected this file [file-missing]',
    ),
    'format-unknown': (
        "--format: found format 'docx'; expected one of html, pdf [format-unknown]",
    ),
    'settings-language': (
        "data/tiny/edition.yaml, line 4, key 'languages': found language 'fr'; expected one of the known languages ar, en, zh [settings-language]",
    ),
    'lang-unknown': (
        "--lang: found language 'fr'; expected one of the edition's languages: en, zh [lang-unknown]",
    ),
    'output-is-a-file': (
        "data/tiny/values.csv: found a file; expected a folder for the build's outputs [output-not-folder]",
    ),
    'release-version-path': (
        "--version: found '../../../x'; expected a version of letters, digits, '.', '_' and '-' (e.g. 2024.1), at most 64 characters [release-version]",
    ),
    'verify-empty-manifest': (
        'release/manifest.json, line 1: found invalid JSON (Expecting value); expected the JSON that cityindex release wrote [manifest-invalid]',
    ),
    'verify-corrupt-manifest': (
        "release/manifest.json, line 1: found invalid JSON (Expecting ',' delimiter); expected the JSON that cityindex release wrote [manifest-invalid]",
    ),
    'verify-manifest-path': (
        "release/manifest.json, key 'files': found '../../etc/passwd'; expected plain file names inside the release folder [manifest-invalid]",
    ),
    'verify-no-manifest': (
        'release/manifest.json: found no manifest.json; expected a release folder made by cityindex release [manifest-missing]',
    ),
}

CASES = [Case(entry[0], entry[1], EXPECTED.get(entry[0], ()), *entry[2:]) for entry in INPUTS]
