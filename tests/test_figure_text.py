"""Figure text: real SVG text in the language's font, numbers printed as the caller formatted them, markers and
legends from the data's change column, and the notice in room of its own."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from itertools import pairwise

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from figures import bubble, heatmap, ranking, slope
from figures.cells import CellTexts
from figures.errors import FigureError
from figures.fonts import FONTS
from figures.save import add_notice, figure_text, new_figure, save_svg
from figures.style import CHANGES, STATUSES, Labels

from .test_figure_layout import NOTICE, case, draw, drawn_texts

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(fig, lang: str) -> list[tuple[str, str]]:
    """(text, font family) of every <text> element of the saved SVG: its own, or the one it inherits."""
    buffer = io.BytesIO()
    save_svg(fig, buffer, lang=lang)
    return texts_in(buffer.getvalue())


def texts_in(svg: bytes) -> list[tuple[str, str]]:
    root = ET.fromstring(svg)
    parents = {child: parent for parent in root.iter() for child in parent}

    def family(element) -> str:
        own = re.search(r"font-family:\s*([^;]+)", element.get("style", ""))
        return own.group(1).strip() if own else family(parents[element]) if element in parents else ""

    return [("".join(e.itertext()), family(e)) for e in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_svg_has_city_names_and_printed_scores_as_text_in_the_language_family(lang):
    c = case("ranking", lang, stress=False)
    fig, _ = draw(c)
    texts = svg_texts(fig, lang)
    strings = [t for t, _ in texts]
    assert set(c.frame["city"]) <= set(strings)
    assert set(c.frame["score_text"]) <= set(strings)
    assert {family for _, family in texts} == {f"'{FONTS[lang].family}'"}
    first, again = io.BytesIO(), io.BytesIO()
    save_svg(fig, first, lang=lang)
    save_svg(draw(c)[0], again, lang=lang)
    assert first.getvalue() == again.getvalue()  # same figure, same bytes
    # the family is said once (on the root, every text inherits it), so a caller rewrites it in one place
    assert first.getvalue().count(b"font-family:") == 1
    rewritten = re.sub(rb"font-family:\s*[^;\"]+", b"font-family: 'CI Sans'", first.getvalue())
    assert {family for _, family in texts_in(rewritten)} == {"'CI Sans'"}


def test_ranking_prints_score_text_as_given_and_says_where_unpublished():
    frame = pd.DataFrame({"city": ["Boston", "London", "Paris"], "score": [85.8251, 82.48, np.nan],
                          "score_text": ["85,83", "82,48", ""], "rank": [1, 2, 3]})
    ax = new_figure(*ranking.figsize(frame)).add_subplot()
    artists = ranking.draw(ax, frame, labels=Labels("en", {"unpublished": "not published"}))
    printed = [a.get_text() for a in artists if isinstance(a, Text) and a.get_text() not in ("1", "2", "3")]
    assert printed == ["85,83", "82,48", "not published"]


def test_ranking_refuses_an_empty_score_text_beside_a_score():
    frame = pd.DataFrame({"city": ["Boston", "London"], "score": [85.83, 82.48], "score_text": ["85.83", " "],
                          "rank": [1, 2]})
    with pytest.raises(FigureError, match="'score_text' is empty for London, which have a score"):
        ranking.draw(new_figure().add_subplot(), frame, labels=Labels("en"))


def test_heatmap_prints_cell_text_as_given():
    frame = pd.DataFrame({"Talent": [87.891, 87.56], "STEM": [83.0, np.nan]}, index=["Singapore", "Tokyo"])
    cells = pd.DataFrame({"Talent": ["87,89", "87,56"], "STEM": ["83,00", ""]}, index=frame.index)
    artists = heatmap.draw(new_figure().add_subplot(), frame, labels=Labels("en"), cell_text=cells)
    assert [c.text for a in artists if isinstance(a, CellTexts) for c in a.cells] == ["87,89", "83,00", "87,56", "–"]
    with pytest.raises(FigureError, match=r"cell_text has index .* expected the frame's index and columns"):
        heatmap.draw(new_figure().add_subplot(), frame, labels=Labels("en"), cell_text=cells.iloc[::-1])


def test_heatmap_texts_are_shown_as_typed():
    """Cells, row names and headers are set as typed: a dollar sign is a dollar sign, not mathtext."""
    frame = pd.DataFrame({"$ per head": [1.0, 2.0]}, index=["$1 City", "Tokyo"])
    cells = pd.DataFrame({"$ per head": ["$5 bn", "$x$"]}, index=frame.index)
    fig = new_figure()
    heatmap.draw(fig.add_subplot(), frame, labels=Labels("en"), cell_text=cells)
    shown = {text for text, _ in svg_texts(fig, "en")}
    assert {"$5 bn", "$x$", "$1 City", "$ per head"} <= shown


def test_bubble_size_legend_prints_the_given_texts():
    c = case("bubble", "zh", stress=False)
    fig = new_figure(*bubble.figsize(c.frame))
    ax = fig.add_subplot()
    bubble.draw(ax, c.frame, labels=Labels("zh", c.text), size_legend=[(60.0, "六十"), (100.0, "一百")])
    legend_texts = [t.get_text() for leg in ax.artists for t in leg.get_texts()]
    assert legend_texts[-2:] == ["六十", "一百"]


def marker_status(ax, row_of) -> dict[str, str]:
    """City -> the status of the marker drawn in its row (from the markers' gids and positions)."""
    at = {}
    for line in ax.lines:
        gid = line.get_gid() or ""
        if gid.startswith("change-"):
            status = gid.removeprefix("change-")
            assert line.get_marker() == CHANGES[status].marker  # shape, not colour alone
            assert line.get_markerfacecolor() == CHANGES[status].colour
            at.update({round(float(y)): status for y in line.get_ydata()})
    return {city: at.get(row, "") for city, row in row_of.items()}


def test_ranking_markers_and_legend_follow_the_change_column_including_unknown():
    c = case("ranking", "en", stress=False)
    fig, _ = draw(c)
    ax = fig.axes[0]
    row_of = {t.get_text(): round(t.get_position()[1]) for t in ax.texts if t.get_text() in set(c.frame["city"])}
    assert marker_status(ax, row_of) == dict(zip(c.frame["city"], c.frame["change"], strict=True))
    legend = [t.get_text() for leg in ax.artists for t in leg.get_texts()]
    assert [s for s in STATUSES if c.text[f"change.{s}"] in legend] == list(STATUSES)  # each status its entry


def test_ranking_legends_stack_below_each_other_with_every_entry():
    c = case("ranking", "zh", stress=False)
    fig, _ = draw(c)
    texts = {t.get_text(): box for t, box in drawn_texts(fig, "zh")[0]}
    groups = [texts[c.text[f"group.{g}"]] for g in ("europe", "north-america")]
    changes = [texts[c.text[f"change.{s}"]] for s in STATUSES]
    assert max(b.y1 for b in changes) <= min(b.y0 for b in groups)  # the change legend below the group legend
    assert "上升" in texts


def test_slope_markers_follow_the_change_column_and_never_guess_new():
    frame = pd.DataFrame({
        "label": ["London", "Paris", "Madrid", "Stockholm", "Rome", "Oslo"],
        "previous": [1, 2, 5, None, 3, None], "current": [1, 3, 2, 4, 5, 6],
        "change": ["unchanged", "drop", "rise", "new", "drop", "unknown"],
    })
    text = {"previous": "2023", "current": "2024", **{f"change.{s}": s.title() for s in STATUSES}}
    ax = new_figure(*slope.figsize(frame)).add_subplot()
    slope.draw(ax, frame, labels=Labels("en", text))
    row_of = dict(zip(frame["label"], slope.slots(frame["current"]).astype(int), strict=True))
    assert marker_status(ax, row_of) == dict(zip(frame["label"], frame["change"], strict=True))
    assert CHANGES["unknown"].colour == "#FFFFFF"  # hollow: white fill, grey edge
    legend = [t.get_text() for leg in ax.artists for t in leg.get_texts()]
    assert legend == ["Rise", "Unchanged", "Drop", "New", "Unknown"]
    no_change = frame.drop(columns="change")  # the status from the ranks: no previous rank is not "new"
    assert list(slope.status(no_change)) == ["unchanged", "drop", "rise", "unknown", "drop", "unknown"]


def test_slope_city_with_an_empty_change_gets_no_marker():
    frame = pd.DataFrame({"label": ["London", "Paris"], "previous": [1, 2], "current": [1, 2],
                          "change": ["unchanged", ""]})
    ax = new_figure(*slope.figsize(frame)).add_subplot()
    slope.draw(ax, frame, labels=Labels("en", {"previous": "2023", "current": "2024", "change.unchanged": "Same"}))
    assert marker_status(ax, {"London": 1, "Paris": 2}) == {"London": "unchanged", "Paris": ""}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_notice_has_room_above_the_axes(lang):
    c = case("ranking", lang, stress=False)
    fig = new_figure(*ranking.figsize(c.frame))
    notice = add_notice(fig, NOTICE[lang], lang=lang)
    ax = fig.add_subplot()
    ranking.draw(ax, c.frame, labels=Labels(lang, c.text))
    fig.draw_without_rendering()
    assert notice.get_window_extent().y0 >= ax.bbox.y1  # above the first bar, not over it
    assert notice.get_text() in [t for t, _ in svg_texts(fig, lang)]


def test_the_notice_must_come_before_the_figure():
    c = case("ranking", "en", stress=False)
    fig = new_figure(*ranking.figsize(c.frame))
    ranking.draw(fig.add_subplot(), c.frame, labels=Labels("en", c.text))
    with pytest.raises(FigureError, match="the figure is drawn already; expected the notice first"):
        add_notice(fig, NOTICE["en"], lang="en")


def test_figure_text_lists_every_character_the_figure_adds():
    c = case("heatmap", "zh", stress=True)
    fig, _ = draw(c)
    save_svg(fig, io.BytesIO(), lang="zh")
    shown = figure_text(fig)
    assert set("–…") <= set(shown)  # the empty cell's dash, the shortened name's ellipsis
    assert {t for t, _ in svg_texts(fig, "zh")} <= set(shown.split("\n"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_legend_rows_wrap_within_the_axes_width(lang):
    c = case("ranking", lang, stress=True)  # seven groups and five statuses
    fig, _ = draw(c)
    fig.draw_without_rendering()
    ax = fig.axes[0]
    rows = [leg.get_window_extent() for leg in ax.artists]
    assert len(rows) >= 2
    assert all(r.width <= ax.bbox.width + 1 for r in rows)
    assert all(a.y0 >= b.y1 - 0.5 for a, b in pairwise(rows))  # each row below the last
