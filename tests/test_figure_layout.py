"""Figure layout: in every kind and language, on a report-sized frame and a stress frame, no two texts overlap
and none leaves the canvas, measured on the saved SVG's own layout and allowing for WeasyPrint's wider text."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.transforms import Bbox

import figures
from figures.save import add_notice, new_figure, save_svg
from figures.style import PDF_SLACK, Labels

TOUCH = 0.5  # points: boxes may touch by this much (rounding), not overlap
LONG_EN = ("Llanfairpwllgwyngyll Metropolitan Region " * 13)[:500]
LONG_ZH = ("兰韦尔普尔古因吉尔都市圈核心区" * 34)[:500]
CITIES = [  # (en, zh, continent): the IEC 2024 cities
    ("Amsterdam", "阿姆斯特丹", "europe"), ("Barcelona", "巴塞罗那", "europe"), ("Beijing", "北京", "asia"),
    ("Berlin", "柏林", "europe"), ("Boston", "波士顿", "north-america"), ("Brussels", "布鲁塞尔", "europe"),
    ("Cairo", "开罗", "africa"), ("Chicago", "芝加哥", "north-america"), ("Copenhagen", "哥本哈根", "europe"),
    ("Dubai", "迪拜", "asia"), ("Frankfurt", "法兰克福", "europe"), ("Geneva", "日内瓦", "europe"),
    ("Guangzhou", "广州", "asia"), ("Hong Kong", "香港", "asia"), ("Istanbul", "伊斯坦布尔", "europe"),
    ("Johannesburg", "约翰内斯堡", "africa"), ("London", "伦敦", "europe"),
    ("Los Angeles", "洛杉矶", "north-america"), ("Madrid", "马德里", "europe"), ("Melbourne", "墨尔本", "oceania"),
    ("Mexico City", "墨西哥城", "north-america"), ("Montreal", "蒙特利尔", "north-america"),
    ("Moscow", "莫斯科", "europe"), ("Munich", "慕尼黑", "europe"), ("Nairobi", "内罗毕", "africa"),
    ("New York", "纽约", "north-america"), ("Paris", "巴黎", "europe"),
    ("Rio de Janeiro", "里约热内卢", "south-america"), ("Rome", "罗马", "europe"),
    ("San Diego", "圣迭戈", "north-america"), ("San Francisco", "旧金山", "north-america"),
    ("Seattle", "西雅图", "north-america"), ("Seoul", "首尔", "asia"), ("Shanghai", "上海", "asia"),
    ("Shenzhen", "深圳", "asia"), ("Singapore", "新加坡", "asia"), ("Stockholm", "斯德哥尔摩", "europe"),
    ("Sydney", "悉尼", "oceania"), ("Tokyo", "东京", "asia"), ("Toronto", "多伦多", "north-america"),
    ("Vienna", "维也纳", "europe"), ("Washington, D.C.", "华盛顿特区", "north-america"), ("Zurich", "苏黎世", "europe"),
]
GROUP_NAMES = {
    "en": {"europe": "Europe", "asia": "Asia", "north-america": "North America", "africa": "Africa",
           "oceania": "Oceania", "south-america": "South America", "middle-east": "Middle East",
           "yes": "Capitals", "no": "Other cities"},
    "zh": {"europe": "欧洲", "asia": "亚洲", "north-america": "北美洲", "africa": "非洲", "oceania": "大洋洲",
           "south-america": "南美洲", "middle-east": "中东", "yes": "首都城市", "no": "其他城市"},
}
TEXT = {
    "en": {"change.rise": "Rank up", "change.unchanged": "Unchanged", "change.drop": "Rank down",
           "change.new": "Newly evaluated", "change.unknown": "Previous rank not known", "x": "Education score",
           "y": "Science and technology score", "size": "Talent score", "trend": "Linear trend",
           "previous": "2023", "current": "2024", "unpublished": "not published"},
    "zh": {"change.rise": "上升", "change.unchanged": "不变", "change.drop": "下降", "change.new": "新纳入",
           "change.unknown": "上期排名未知", "x": "教育得分", "y": "科技创新得分", "size": "人才得分",
           "trend": "线性趋势", "previous": "2023年", "current": "2024年", "unpublished": "未公布"},
}
STRESS_TEXT = {
    "en": {"title": "Every city of the index by overall score, with the change of rank against the previous edition "
                    "and the region it belongs to, drawn at the size of the report",
           "x": "Education: the weighted mean of basic, higher and lifelong education scores of each city",
           "y": "Science, technology and innovation: research output, patents and the start-up scene"},
    "zh": {"title": "本期指数全部城市的总得分，附与上期相比的排名变化及所属地区，"
                    "按报告版面尺寸绘制，用于检验最长的标题能否正确换行",
           "x": "教育：各城市基础教育、高等教育与终身教育得分的加权平均值",
           "y": "科学、技术与创新：研究产出、专利与初创企业生态的综合得分"},
}
NOTICE = {"en": "Illustrative data: not the published results of any index; for testing the layout only.",
          "zh": "示例数据：并非任何指数的公布结果，仅用于检验版面。"}
KINDS = ("ranking", "heatmap", "scatter", "bubble", "distribution", "slope", "network")


@dataclass
class Case:
    """One figure to draw: a kind, its frame, its label strings and drawing options."""

    kind: str
    lang: str
    frame: pd.DataFrame
    text: dict[str, str]
    options: dict[str, object] = field(default_factory=dict)
    notice: str | None = None


def cities(lang: str, n: int, *, stress: bool) -> pd.DataFrame:
    """`n` cities (name, group): the IEC list repeated with numbers, and in a stress case long names too."""
    col = 0 if lang == "en" else 1
    rows = [(f"{c[col]} {k + 1}" if k else c[col], c[2]) for k in range(n // len(CITIES) + 1) for c in CITIES][:n]
    frame = pd.DataFrame(rows, columns=["name", "group"])
    if stress:
        frame.loc[3, "name"] = LONG_EN if lang == "en" else LONG_ZH
        frame.loc[7, "name"] = ("Santa Cruz de Tenerife and San Cristobal de La Laguna" if lang == "en"
                                else "圣克鲁斯-德特内里费与拉古纳圣克里斯托瓦尔")
        frame.loc[frame.index % 9 == 5, "group"] = "middle-east"
    return frame


def labels_text(lang: str, stress: bool) -> dict[str, str]:
    groups = {f"group.{g}": name for g, name in GROUP_NAMES[lang].items()}
    return {**TEXT[lang], **groups, **(STRESS_TEXT[lang] if stress else {})}


def competition_ranks(scores: np.ndarray) -> np.ndarray:
    """1, 2, 2, 4: equal scores share the best rank."""
    order = -np.round(scores, 2)
    return np.array([int((order < v).sum()) + 1 for v in order])


def ranking_case(lang: str, stress: bool) -> Case:
    n = 120 if stress else 30
    frame = cities(lang, n, stress=stress)
    rng = np.random.default_rng(3)
    scores = np.round(np.sort(rng.uniform(55, 90, n))[::-1], 2)
    scores[[4, 11, 20]] = scores[[3, 10, 19]]  # ties
    ranks = competition_ranks(scores)
    statuses = ["rise", "unchanged", "drop", "new", "unknown", ""]
    change = [statuses[i % len(statuses)] for i in range(n)]
    frame = pd.DataFrame({"city": frame["name"], "score": scores, "rank": ranks, "change": change,
                          "group": frame["group"] if stress else [CITIES[i % 3 * 4][2] for i in range(n)]})
    frame["score_text"] = [f"{s:.2f}" for s in scores]
    if stress:
        frame.loc[[50, 51], ["score", "score_text"]] = [np.nan, ""]
    return Case("ranking", lang, frame, labels_text(lang, stress), notice=NOTICE[lang] if stress else None)


HEADERS = {
    "en": ["Talent", "Basic education", "Higher education", "Residents' education level",
           "International science competition awards for secondary schools"],
    "zh": ["人才", "基础教育", "高等教育", "居民受教育水平", "中小学国际科学竞赛获奖"],
}


def heatmap_case(lang: str, stress: bool) -> Case:
    n = 20 if stress else 15
    names = cities(lang, n, stress=stress)["name"]
    headers = [*HEADERS[lang]]
    if stress:
        headers += [LONG_EN if lang == "en" else LONG_ZH, "Patents", "Start-ups", "Internationalisation"]
    rng = np.random.default_rng(5)
    values = np.round(rng.uniform(60, 100, (n, len(headers))), 2)
    frame = pd.DataFrame(values, index=list(names), columns=headers)
    if stress:
        frame.iloc[2, 3] = np.nan
    cell_text = frame.map(lambda v: "" if np.isnan(v) else f"{v:.2f}")
    return Case("heatmap", lang, frame, labels_text(lang, stress), {"cell_text": cell_text},
                notice=NOTICE[lang] if stress else None)


def points_frame(lang: str, stress: bool) -> pd.DataFrame:
    n = 60 if stress else 30
    frame = cities(lang, n, stress=stress).rename(columns={"name": "label"})
    rng = np.random.default_rng(11)
    x = rng.normal(75, 8, n)
    frame = frame.assign(x=x, y=0.8 * x + rng.normal(15, 5, n), size=rng.uniform(60, 100, n))
    if stress:  # equal scores: points on top of each other
        frame.loc[[10, 11], ["x", "y"]] = frame.loc[9, ["x", "y"]].to_numpy()
    return frame


def scatter_case(lang: str, stress: bool) -> Case:
    return Case("scatter", lang, points_frame(lang, stress), labels_text(lang, stress), {"trend": True},
                notice=NOTICE[lang] if stress else None)


def bubble_case(lang: str, stress: bool) -> Case:
    frame = points_frame(lang, stress)
    sizes = np.linspace(60, 100, 3)
    return Case("bubble", lang, frame, labels_text(lang, stress),
                {"size_legend": [(float(v), f"{v:.1f}") for v in sizes]}, notice=NOTICE[lang] if stress else None)


def distribution_case(lang: str, stress: bool) -> Case:
    n = 60 if stress else 30
    frame = cities(lang, n, stress=stress).rename(columns={"name": "label"})
    ranks = np.arange(1, n + 1)
    ranks[[29]] = 29  # two cities tied 29th
    if stress:
        ranks[[12, 13, 14]] = 12
        ranks[[40, 41]] = 40
    frame = frame.assign(rank=ranks)
    if not stress:  # the capitals panel: two rows; Chicago and Zurich tied 29th share a row
        frame["group"] = ["yes" if i % 2 else "no" for i in range(n)]
        frame.loc[[28, 29], "group"] = "no"
    return Case("distribution", lang, frame, labels_text(lang, stress) | {"x": TEXT[lang]["x"]},
                notice=NOTICE[lang] if stress else None)


def slope_case(lang: str, stress: bool) -> Case:
    n = 60 if stress else 30
    frame = cities(lang, n, stress=stress).rename(columns={"name": "label"})
    rng = np.random.default_rng(13)
    current = np.arange(1, n + 1)
    previous = rng.permutation(n).astype(float) + 1
    change = np.where(previous > current, "rise", np.where(previous < current, "drop", "unchanged")).astype(object)
    previous[[5, 17]] = np.nan
    change[[5, 17]] = ["new", "unknown"]
    if stress:
        current[[21, 22]] = 21  # tied
        previous[[30, 31]] = 30
        change[[30, 31]] = "drop"
    return Case("slope", lang, pd.DataFrame({"label": frame["label"], "previous": previous, "current": current,
                                             "change": change}),
                labels_text(lang, stress), notice=NOTICE[lang] if stress else None)


def network_case(lang: str, stress: bool) -> Case:
    n = 22 if stress else 18
    nodes = cities(lang, n, stress=stress)
    rng = np.random.default_rng(17)
    ring = [(i, (i + 1) % n) for i in range(n)]  # every city on at least one pathway
    pairs = [(i, j) for i in range(n) for j in range(i + 2, n) if (i, j) != (0, n - 1)]
    chosen = ring + [pairs[k] for k in rng.choice(len(pairs), 25 if stress else 10, replace=False)]
    frame = pd.DataFrame({"a": [nodes["name"][i] for i, _ in chosen], "b": [nodes["name"][j] for _, j in chosen],
                          "weight": np.round(rng.uniform(10, 90, len(chosen)), 2),
                          "group_a": [nodes["group"][i] for i, _ in chosen],
                          "group_b": [nodes["group"][j] for _, j in chosen]})
    return Case("network", lang, frame, labels_text(lang, stress), notice=NOTICE[lang] if stress else None)


BUILDERS = {"ranking": ranking_case, "heatmap": heatmap_case, "scatter": scatter_case, "bubble": bubble_case,
            "distribution": distribution_case, "slope": slope_case, "network": network_case}


def case(kind: str, lang: str, stress: bool) -> Case:
    return BUILDERS[kind](lang, stress)


def draw(c: Case) -> tuple[Figure, list]:
    """The case drawn on a figure of the kind's own size (with the notice, where it has one)."""
    fig = new_figure(*figures.FIGSIZES[c.kind](c.frame, lang=c.lang))
    if c.notice:
        add_notice(fig, c.notice, lang=c.lang)
    artists = figures.draw(c.kind, fig.add_subplot(), c.frame, labels=Labels(c.lang, c.text), **c.options)
    return fig, artists


def drawn_texts(fig: Figure, lang: str) -> tuple[list[tuple[Text, Bbox]], Bbox]:
    """Every text the saved SVG draws, with its extent in points as the SVG lays it out, and the canvas.

    Each text is recorded as it is drawn: a heatmap's cells are one Text drawn once per cell (figures.cells),
    so what is kept is a copy of the text as it was at that moment."""
    seen: dict[tuple, tuple[Text, Bbox]] = {}  # saving may draw twice (layout, then output): the last one counts
    canvas: list[Bbox] = []
    original = Text.draw

    def record(self: Text, renderer) -> None:
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            # the text alone: an Annotation's own extent also covers its leader line
            key = (id(self), self.get_text(), tuple(self.get_unitless_position()))
            seen[key] = (Text(text=self.get_text(), rotation=self.get_rotation(),
                              horizontalalignment=self.get_horizontalalignment()),
                         Text.get_window_extent(self, renderer).frozen())
            canvas.append(self.get_figure(root=True).bbox.frozen())

    with mock.patch.object(Text, "draw", record):
        save_svg(fig, io.BytesIO(), lang=lang)
    return list(seen.values()), canvas[-1]


def in_pdf(text: Text, box: Bbox) -> Bbox:
    """`box` grown by PDF_SLACK the way the text runs on from its anchor (WeasyPrint sets it wider, as it does not
    kern: so not where every line is a single character, as in Chinese set vertically)."""
    x0, y0, x1, y1 = box.extents
    if all(len(line.strip()) < 2 for line in text.get_text().split("\n")):
        return box
    if text.get_rotation() % 180 == 90:  # rotated text starts at its anchor and runs upwards
        return Bbox.from_extents(x0, y0, x1, y1 + PDF_SLACK)
    grow = {"left": (0, 1), "right": (1, 0), "center": (0.5, 0.5)}[text.get_horizontalalignment()]
    return Bbox.from_extents(x0 - grow[0] * PDF_SLACK, y0, x1 + grow[1] * PDF_SLACK, y1)


def overlaps(a: Bbox, b: Bbox) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > TOUCH and min(a.y1, b.y1) - max(a.y0, b.y0) > TOUCH


def layout_problems(fig: Figure, lang: str, texts: list[tuple[Text, Bbox]] | None = None,
                    canvas: Bbox | None = None) -> list[str]:
    """Every text that overlaps another or leaves the canvas, as it will be in the PDF."""
    if texts is None or canvas is None:
        texts, canvas = drawn_texts(fig, lang)
    boxes = [(t.get_text(), in_pdf(t, b)) for t, b in texts]
    outside = [f"outside the canvas: {s[:40]!r} {b.extents.round(1)}" for s, b in boxes
               if b.x0 < canvas.x0 - TOUCH or b.y0 < canvas.y0 - TOUCH or b.x1 > canvas.x1 + TOUCH
               or b.y1 > canvas.y1 + TOUCH]
    clashes = [f"overlap: {a[:40]!r} and {b[:40]!r}" for i, (a, ba) in enumerate(boxes) for b, bb in boxes[:i]
               if overlaps(ba, bb)]
    return outside + clashes


@pytest.mark.parametrize("stress", [False, True], ids=["report", "stress"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_text_overlaps_another_or_leaves_the_canvas(kind, lang, stress):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. "constrained layout not applied: axes sizes collapsed"
        fig, _ = draw(case(kind, lang, stress))
        texts, canvas = drawn_texts(fig, lang)
    assert layout_problems(fig, lang, texts, canvas) == []
    if stress:  # the 500-character name: shortened (a point label may be left out where it fits nowhere)
        long = "".join((LONG_EN if lang == "en" else LONG_ZH).split())
        shown = ["".join(t.get_text().split()).replace("-", "") for t, _ in texts]  # wrapped, hyphenated, vertical
        assert not any(long[:60] in t for t in shown)
        if kind not in ("scatter", "bubble"):
            assert [t for t in shown if long[:6] in t and t.endswith(("…", "︙"))]


def test_the_checker_sees_an_overlap_and_text_off_the_canvas():
    fig = new_figure(3, 2)
    fig.text(0.5, 0.5, "London", fontsize=8)
    fig.text(0.52, 0.5, "Paris", fontsize=8)
    fig.text(0.99, 0.1, "Copenhagen", fontsize=8)
    problems = layout_problems(fig, "en")
    assert "overlap: 'Paris' and 'London'" in problems
    assert any(p.startswith("outside the canvas: 'Copenhagen'") for p in problems)


@pytest.mark.parametrize("stress", [False, True], ids=["report", "stress"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_scatter_labels_keep_off_the_trend_line(lang, stress):
    fig, artists = draw(case("scatter", lang, stress))
    fig.draw_without_rendering()
    (trend,) = [a for a in artists if isinstance(a, Line2D)]
    xy = trend.get_transform().transform(np.column_stack(trend.get_data()))
    path = MplPath(xy)
    notes = [a for a in artists if isinstance(a, Text)]
    assert notes
    crossed = [n.get_text() for n in notes if path.intersects_bbox(Text.get_window_extent(n), filled=False)]
    assert crossed == []
