"""Figures: facts about the artists each kind draws, fonts per language, glyph checks and deterministic SVG."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

import figures
from figures import bubble, distribution, heatmap, ranking, scatter, slope
from figures.cells import CellTexts
from figures.errors import FigureError, MissingColumnsError, MissingGlyphError, MissingLabelsError
from figures.fit import text_width, wrap_to
from figures.fonts import face, font_file
from figures.save import check_glyphs, new_figure, save_png, save_svg
from figures.style import CHANGES, Labels, axes_texts, font_for

CHANGE_EN = {"change.rise": "Rise", "change.unchanged": "Unchanged", "change.drop": "Drop", "change.new": "New"}
CHANGE_ZH = {"change.rise": "上升", "change.unchanged": "不变", "change.drop": "下降", "change.new": "新纳入"}
REGIONS_EN = {"group.europe": "Europe", "group.asia-pacific": "Asia-Pacific", "group.north-america": "North America"}
REGIONS_ZH = {"group.europe": "欧洲", "group.asia-pacific": "亚太地区", "group.north-america": "北美洲"}


@pytest.fixture(autouse=True)
def no_pyplot_figures() -> Iterator[None]:
    """Figure functions never open pyplot figures (global state that leaks between builds)."""
    yield
    import matplotlib.pyplot as plt

    assert plt.get_fignums() == []


@pytest.fixture
def ranks() -> pd.DataFrame:
    """Six cities given out of order, with a tie at rank 4 and every kind of change."""
    return pd.DataFrame({
        "city": ["London", "Boston", "Beijing", "Austin", "Guangzhou", "Dublin"],
        "city_zh": ["伦敦", "波士顿", "北京", "奥斯汀", "广州", "都柏林"],
        "score": [82.48, 85.83, 84.89, 73.67, 73.67, 70.66],
        "rank": [3, 1, 2, 4, 4, 6],
        "change": ["new", "rise", "unchanged", "drop", "", "rise"],
        "group": ["europe", "north-america", "asia-pacific", "north-america", "asia-pacific", "europe"],
    })


def draw_ranking(frame: pd.DataFrame, lang: str = "en") -> tuple[Figure, list]:
    fig = new_figure(*ranking.figsize(frame))
    ax = fig.add_subplot()
    names = frame.assign(city=frame["city_zh"]) if lang == "zh" else frame
    text = {**(CHANGE_ZH if lang == "zh" else CHANGE_EN), **(REGIONS_ZH if lang == "zh" else REGIONS_EN)}
    return fig, ranking.draw(ax, names.drop(columns="city_zh"), labels=Labels(lang, text))


def name_rows(ax, names) -> dict[str, int]:
    """City -> the row a ranking prints its name in (names are texts beside the bars, not tick labels)."""
    return {t.get_text(): round(t.get_position()[1]) for t in ax.texts if t.get_text() in set(names)}


def test_registry_names_every_kind_and_rejects_unknown_ones():
    assert set(figures.KINDS) == {"ranking", "heatmap", "scatter", "bubble", "distribution", "slope", "network"}
    assert set(figures.FIGSIZES) == set(figures.KINDS)
    with pytest.raises(FigureError, match="'pie' is not known; expected one of: bubble, distribution, heatmap"):
        figures.kind("pie")


def test_ranking_bars_follow_rank_order_top_down(ranks):
    fig, _ = draw_ranking(ranks)
    ax = fig.axes[0]
    bars = sorted((p for p in ax.patches if isinstance(p, Rectangle)), key=lambda p: p.get_y())
    assert len(bars) == len(ranks)
    expected = ranks.sort_values(["rank", "score"], ascending=[True, False])
    assert [b.get_width() for b in bars] == pytest.approx(list(expected["score"]))
    assert ax.yaxis_inverted()  # smallest y (rank 1) at the top
    rows = name_rows(ax, ranks["city"])
    assert sorted(rows, key=rows.get) == list(expected["city"])
    assert ax.get_yticklabels() == []  # the names are texts, drawn without the cost of a tick each


def test_ranking_prints_scores_and_equal_ranks_for_ties(ranks):
    _, artists = draw_ranking(ranks)
    texts = [a.get_text() for a in artists if isinstance(a, Text)]
    for value in ("85.83", "84.89", "82.48", "73.67", "70.66"):
        assert value in texts
    assert texts.count("4") == 2 and "5" not in texts  # Austin and Guangzhou share rank 4


def test_ranking_marker_per_city_matches_its_change(ranks):
    fig, _ = draw_ranking(ranks)
    ax = fig.axes[0]
    row_of = name_rows(ax, ranks["city"])
    marker_at = {}
    for line in ax.lines:
        status = (line.get_gid() or "").removeprefix("change-")
        assert line.get_marker() == CHANGES[status].marker  # shape, not colour alone
        marker_at.update({round(y): status for y in line.get_ydata()})
    for city, change in zip(ranks["city"], ranks["change"], strict=True):
        assert marker_at.get(row_of[city], "") == change


def test_ranking_legend_names_markers_and_regions_from_labels(ranks):
    fig, _ = draw_ranking(ranks, lang="zh")
    legends = [t.get_text() for leg in fig.axes[0].artists for t in leg.get_texts()]
    assert legends == ["北美洲", "亚太地区", "欧洲", "上升", "不变", "下降", "新纳入"]


def test_ranking_lists_every_missing_translation(ranks):
    ax = new_figure().add_subplot()
    with pytest.raises(MissingLabelsError) as err:
        ranking.draw(ax, ranks, labels=Labels("en", {"change.rise": "Rise"}))
    assert "change.drop, change.new, change.unchanged, group.asia-pacific, group.europe" in str(err.value)


def test_ranking_rejects_unknown_change_and_missing_columns(ranks):
    ax = new_figure().add_subplot()
    with pytest.raises(FigureError, match="column 'change' has 'up'; expected one of rise, unchanged, drop, new"):
        ranking.draw(ax, ranks.assign(change="up"), labels=Labels("en", {**CHANGE_EN, **REGIONS_EN}))
    with pytest.raises(MissingColumnsError, match="missing column\\(s\\) score; found city, rank"):
        ranking.draw(ax, ranks[["city", "rank"]], labels=Labels("en"))


def test_heatmap_cells_show_each_score_with_two_decimals():
    frame = pd.DataFrame(
        {"Basic education": [87.891, 87.56], "Residents": [83.0, 89.47], "STEM quality": [87.96, np.nan]},
        index=["Singapore", "Tokyo"],
    )
    ax = new_figure().add_subplot()
    artists = heatmap.draw(ax, frame, labels=Labels("en"))
    cells = [cell.text for a in artists if isinstance(a, CellTexts) for cell in a.cells]
    assert cells == ["87.89", "83.00", "87.96", "87.56", "89.47", "–"]
    assert [cell.text for cell in batch(ax, heatmap.ROWS_GID).cells] == ["Singapore", "Tokyo"]
    headers = batch(ax, heatmap.HEADERS_GID).cells
    assert [h.prop.get_weight() for h in headers] == ["bold", "normal", "normal"]  # the parent column's in bold


def test_heatmap_keeps_the_first_top_rows_in_order():
    frame = pd.DataFrame({"P": [90.0, 80.0, 70.0], "C": [1.0, 2.0, 3.0]}, index=["a", "b", "c"])
    ax = new_figure().add_subplot()
    heatmap.draw(ax, frame, labels=Labels("en"), top=2, decimals=1)
    assert [cell.text for cell in batch(ax, heatmap.ROWS_GID).cells] == ["a", "b"]
    assert sorted(cell.text for cell in batch(ax, heatmap.CELLS_GID).cells) == ["1.0", "2.0", "80.0", "90.0"]


def batch(ax, gid: str) -> CellTexts:
    (found,) = [a for a in ax.artists if isinstance(a, CellTexts) and a.get_gid() == gid]
    return found


@pytest.fixture
def points() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame({
        "x": rng.uniform(60, 90, 12), "y": rng.uniform(60, 90, 12), "size": rng.uniform(60, 100, 12),
        "label": [f"City {i}" for i in range(12)], "group": ["europe", "asia-pacific", "north-america"] * 4,
    })


def test_scatter_draws_every_point_and_label(points):
    fig = new_figure(*scatter.figsize(points))
    ax = fig.add_subplot()
    artists = scatter.draw(ax, points, labels=Labels("en", {"x": "Education", "y": "S&T", "trend": "Trend",
                                                            **REGIONS_EN}), trend=True)
    collections = [a for a in artists if isinstance(a, PathCollection)]
    assert sum(len(c.get_offsets()) for c in collections) == len(points)
    assert sorted(a.get_text() for a in artists if isinstance(a, Text)) == sorted(points["label"])
    (line,) = [a for a in artists if isinstance(a, Line2D)]
    slope_drawn = np.diff(line.get_ydata()) / np.diff(line.get_xdata())
    assert slope_drawn[0] == pytest.approx(np.polyfit(points["x"], points["y"], 1)[0])
    assert ax.get_xlabel() == "Education" and ax.get_ylabel() == "S&T"


def test_scatter_draws_cities_without_a_group_too(points):
    ax = new_figure().add_subplot()
    frame = points.assign(group=["europe", "", None] * 4)
    artists = scatter.draw(ax, frame, labels=Labels("en", {"x": "x", "y": "y", **REGIONS_EN}))
    assert sum(len(a.get_offsets()) for a in artists if isinstance(a, PathCollection)) == len(points)
    assert [t.get_text() for leg in ax.artists for t in leg.get_texts()] == ["Europe"]


def test_scatter_labels_stay_inside_the_axes_and_apart(points):
    fig = new_figure(*scatter.figsize(points))
    ax = fig.add_subplot()
    notes = [a for a in scatter.draw(ax, points, labels=Labels("en", {"x": "x", "y": "y", **REGIONS_EN}))
             if isinstance(a, Text)]
    fig.draw_without_rendering()
    boxes = [n.get_window_extent() for n in notes]
    assert all(ax.bbox.contains(b.x0, b.y0) and ax.bbox.contains(b.x1, b.y1) for b in boxes)
    overlapping = [(i, j) for i in range(len(boxes)) for j in range(i) if boxes[i].overlaps(boxes[j])]
    assert overlapping == []


def test_bubble_areas_run_from_min_to_max(points):
    ax = new_figure(*bubble.figsize(points)).add_subplot()
    artists = bubble.draw(ax, points, labels=Labels("en", {"x": "x", "y": "y", "size": "Size", **REGIONS_EN}),
                          min_area=20, max_area=400)
    sizes = artists[0].get_sizes()
    assert len(sizes) == len(points)
    assert (sizes.min(), sizes.max()) == pytest.approx((20, 400))
    assert bubble.scale_areas(np.array([1.0, 2.0, 3.0]), 10, 30) == pytest.approx([10, 20, 30])


def test_distribution_places_each_city_in_its_region_row(ranks):
    frame = ranks.rename(columns={"city_zh": "label"})
    ax = new_figure(*distribution.figsize(frame, lang="zh")).add_subplot()
    artists = distribution.draw(ax, frame, labels=Labels("zh", REGIONS_ZH))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["北美洲", "亚太地区", "欧洲"]  # by best rank
    dots = [a for a in artists if isinstance(a, PathCollection)]
    assert sorted(x for d in dots for x, _ in d.get_offsets()) == pytest.approx([1, 2, 3, 4, 4, 6])
    assert "北\n京" in [a.get_text() for a in artists if isinstance(a, Text)]  # Chinese set vertically
    tied = frame.assign(group="europe")  # Austin and Guangzhou share rank 4 in one row: moved apart
    ax = new_figure().add_subplot()
    dots = distribution.draw(ax, tied, labels=Labels("zh", REGIONS_ZH))[0]
    assert sorted(x for x, _ in dots.get_offsets()) == pytest.approx([1, 2, 3, 3.78, 4.22, 6])


def test_slope_marks_each_change_and_never_guesses_new_cities():
    frame = pd.DataFrame({
        "label": ["London", "Paris", "Madrid", "Stockholm", "Rome", "Zurich"],
        "previous": [1, 2, 5, None, 3, 4], "current": [1, 3, 2, 4, 4, 6],
    })
    labels = Labels("en", {"previous": "2022", "current": "2024", **CHANGE_EN, "change.unknown": "Not known"})
    ax = new_figure(*slope.figsize(frame)).add_subplot()
    slope.draw(ax, frame, labels=labels)
    # no previous rank and nothing saying "new": evaluated before, rank not known (was drawn "new" before)
    assert list(slope.status(frame)) == ["unchanged", "drop", "rise", "unknown", "drop", "drop"]
    ends = {line.get_gid(): sorted(line.get_ydata()) for line in ax.lines if line.get_gid()}
    # tied at 4: Stockholm and Rome take rows 4 and 5, Zurich stays at 6
    assert ends == {"change-unchanged": [1], "change-drop": [3, 5, 6], "change-rise": [2], "change-unknown": [4]}
    assert "4\u2002Rome" in [t.get_text() for t in ax.texts]  # an en space: SVG keeps it, as it would not two
    assert slope.status(frame.assign(new=[False, False, False, True, False, False])).iloc[3] == "new"


def test_chinese_renders_with_the_simplified_chinese_face(ranks):
    fig, _ = draw_ranking(ranks, lang="zh")
    path = font_file("zh")
    assert face(path).family_name == "Noto Sans CJK SC"  # not the JP face at index 0 of the collection
    for text in axes_texts(fig.axes[0]):
        if text.get_text():
            assert text.get_fontproperties().get_file() in (path, font_file("zh", "bold"))
    check_glyphs(fig)
    save_svg(fig, io.BytesIO(), lang="zh")  # pytest turns any missing-glyph warning into an error


def test_every_text_drawn_uses_the_language_font(points):
    fig = new_figure(*scatter.figsize(points))
    scatter.draw(fig.add_subplot(), points, labels=Labels("zh", {"x": "教育水平", "y": "科技创新", **REGIONS_ZH}))
    fig.draw_without_rendering()  # tick labels get their text (and new ticks) only now
    drawn = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    assert any(t.get_text() == "80" for t in drawn)
    assert {t.get_fontproperties().get_file() for t in drawn} == {font_file("zh")}


def test_english_uses_liberation_sans():
    assert face(font_file("en")).family_name == "Liberation Sans"
    assert font_for("en", size=9).get_size_in_points() == 9


def test_missing_glyph_raises_instead_of_drawing_a_box(ranks):
    fig, _ = draw_ranking(ranks.assign(city=ranks["city_zh"]), lang="en")  # untranslated names, Latin font
    with pytest.raises(MissingGlyphError, match=r"'伦敦': U\+4F26 .* not in Liberation Sans"):
        save_svg(fig, io.BytesIO(), lang="en")
    with pytest.raises(MissingGlyphError):
        save_png(fig, io.BytesIO(), lang="en")


def test_svg_is_byte_identical_across_saves_and_builds(ranks, tmp_path):
    fig, _ = draw_ranking(ranks, lang="zh")
    first, second = io.BytesIO(), io.BytesIO()
    save_svg(fig, first, lang="zh")
    save_svg(fig, second, lang="zh")
    assert first.getvalue() == second.getvalue()
    again, _ = draw_ranking(ranks, lang="zh")
    save_svg(again, tmp_path / "ranking.svg", lang="zh")
    assert (tmp_path / "ranking.svg").read_bytes() == first.getvalue()
    assert list(tmp_path.iterdir()) == [tmp_path / "ranking.svg"]  # no partial file left behind
    svg = first.getvalue()
    assert b"<text" in svg and b"<dc:date" not in svg  # real text (was paths before), no date


def test_svg_text_as_outlines_on_request(ranks):
    fig, _ = draw_ranking(ranks, lang="zh")
    paths = io.BytesIO()
    save_svg(fig, paths, lang="zh", text="path")
    assert b"<text" not in paths.getvalue() and b"<path" in paths.getvalue()
    with pytest.raises(FigureError, match="text='glyphs' is not known; expected one of: text, path"):
        save_svg(fig, io.BytesIO(), lang="zh", text="glyphs")


def test_wrap_balances_lines_and_respects_chinese_punctuation():
    en, zh = font_for("en", size=8), font_for("zh", size=8)
    width = 90.0  # about 22 Latin characters at 8 pt
    assert wrap_to("International science competition awards for secondary schools", en, width) == (
        "International science\ncompetition awards\nfor secondary schools"
    )
    assert wrap_to("居民平均受教育水平", zh, 45) == "居民平均受\n教育水平"
    assert not wrap_to("中小学国际科学竞赛获奖（金牌）", zh, 40).split("\n")[-1].startswith("）")
    long = wrap_to("International " * 40, en, width, max_lines=3)
    assert long.count("\n") == 2 and long.endswith("…")
    assert all(text_width(line, en) <= width for line in long.split("\n"))


def test_labels_reject_unsupported_languages():
    with pytest.raises(FigureError, match="'fr' is not supported; expected one of: ar, en, zh"):
        Labels("fr")
