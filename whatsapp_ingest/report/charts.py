"""The charts for the report, made to be printed (often in black and white):

- each participant's activeness with the threshold and the mean (the paper's Gambar 1),
- the class's activeness per week,
- each participant's percent per cycle side by side (Siklus I against Siklus II, the comparison an
  action-research report makes).

Aktif and Pasif differ in lightness and pattern, not only in hue (dark solid bars against light
hatched ones, the words in the legend), so a greyscale print keeps them apart. Value labels are
placed clear of the threshold and mean lines. Participants are numbered 1…n in the order shown, so a
withdrawal leaves no gap. Each chart is written as a 200 dpi PNG and an SVG, both without a
timestamp or software tag and with fixed SVG ids, so the same data gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text

from whatsapp_ingest.figures.asof import NOT_BEGUN
from whatsapp_ingest.figures.results import CHART_BARS, Results
from whatsapp_ingest.i18n import _
from whatsapp_ingest.report.labels import labels, percent_text

PARTICIPANTS_CHART = "grafik_keaktifan.png"
WEEKS_CHART = "grafik_mingguan.png"
CYCLES_CHART = "grafik_siklus.png"
DPI = 200
# Dark solid against light hatched: apart in colour, in grey and in pattern.
ACTIVE = {"color": "#1B5E20", "edgecolor": "#0B2E0F", "hatch": None}
PASSIVE = {"color": "#F8D7D4", "edgecolor": "#8E1B1B", "hatch": "////"}
# One look per cycle, told apart by lightness and pattern (a third or later cycle repeats with dots).
CYCLE_STYLES = ({"color": "#D9D9D9", "edgecolor": "#3A3A3A", "hatch": "\\\\\\\\"},
                {"color": "#1F3A5F", "edgecolor": "#0E1C2E", "hatch": None},
                {"color": "#FFFFFF", "edgecolor": "#3A3A3A", "hatch": "...."})
THRESHOLD_LINE = {"color": "#000000", "linestyle": "--", "linewidth": 1.3}
MEAN_LINE = {"color": "#555555", "linestyle": (0, (1, 1.5)), "linewidth": 1.8}
LABEL_GAP = 0.8          # data units (percent) between a label and a bar end or a line
NAME_CHARS = 30
TITLE_CHARS = 70
SVG_SALT = "whatsapp-ingest"   # fixed ids in the SVG: same data, same bytes


def render_charts(results: Results) -> dict[str, bytes]:
    """Every chart as 200 dpi PNG and as SVG bytes by file name, labelled in the programme's language."""
    charts: dict[str, bytes] = {}
    for name, build in chart_builders(results):
        figure = build(results)
        charts[name] = figure_png(figure)
        charts[name.removesuffix(".png") + ".svg"] = figure_svg(figure)
    return charts


def chart_builders(results: Results) -> list[tuple[str, Callable[[Results], Figure]]]:
    """(PNG file name, figure builder) of each chart this programme has; the cycle chart needs two cycles."""
    builders: list[tuple[str, Callable[[Results], Figure]]] = [(WEEKS_CHART, weeks_figure)]
    if len(results.activeness) <= CHART_BARS:   # (said among the warnings when there are more)
        builders.insert(0, (PARTICIPANTS_CHART, participants_figure))
    if len(cycle_names(results)) >= 2:
        builders.append((CYCLES_CHART, cycles_figure))
    return builders


def figure_png(figure: Figure) -> bytes:
    """The figure as a 200 dpi PNG without a software tag (PNG has no timestamp unless asked)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def figure_svg(figure: Figure) -> bytes:
    """The figure as SVG with fixed ids and no date or creator, so its bytes are stable."""
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": SVG_SALT, "svg.fonttype": "path"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _safe(text: str, limit: int = NAME_CHARS) -> str:
    """Names are text, not mathtext: `$` would start a formula in matplotlib; control characters
    (a tab or CR someone typed) have no glyph."""
    text = "".join(c if c.isprintable() else " " for c in text).strip()
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("$", r"\$")


def _number(value: object) -> float:
    """A percent cell as a float; an empty one (no possible day) as 0."""
    return 0.0 if value is None or value != value else float(value)   # type: ignore[arg-type]


def participant_labels(results: Results) -> list[str]:
    """`1. Name`, `2. Name` … in the order shown: numbered consecutively, whatever the roster numbers
    (a withdrawn participant leaves no gap)."""
    return [f"{k}. {_safe(str(name))}" for k, name in enumerate(results.activeness["name"], start=1)]


def _status_style(value: float, threshold: float) -> dict[str, object]:
    return ACTIVE if value >= threshold else PASSIVE


def _status_legend(threshold: float) -> list[Patch]:
    """Legend entries that say Aktif/Pasif in words, with the bars' own fill and pattern."""
    limit = f"{threshold:g}"
    return [Patch(facecolor=ACTIVE["color"], edgecolor=ACTIVE["edgecolor"], hatch=ACTIVE["hatch"],
                  label=_("Active (at least {threshold}%)").format(threshold=limit)),
            Patch(facecolor=PASSIVE["color"], edgecolor=PASSIVE["edgecolor"], hatch=PASSIVE["hatch"],
                  label=_("Passive (below {threshold}%)").format(threshold=limit))]


def _title(results: Results, heading: str) -> str:
    return f"{heading}\n{_safe(results.program.name, TITLE_CHARS)}"


def _mean_percent(results: Results) -> float | None:
    """The class mean from the exact fractions (as the summary), or None without a possible day."""
    frame = results.activeness
    exact = [int(a) / int(b) * 100 for a, b in zip(frame["total"], frame["possible"]) if b == b and int(b)]
    return sum(exact) / len(exact) if exact else None


def participants_figure(results: Results) -> Figure:
    """Horizontal bars, one per participant in roster order, the percent beside each bar, a dashed
    line at the DL/Aktif threshold and a dotted one at the mean (horizontal so long names stay readable)."""
    lang = results.program.output.lang
    t = labels(lang)
    threshold = results.program.decision.threshold
    names = participant_labels(results)
    values = [_number(v) for v in results.activeness["percent"]]
    # a bar height of 0.38 in, thinner (not under 0.2 in) for big classes so the chart stays printable
    per_bar = min(0.38, max(0.2, 15 / max(len(names), 1)))
    figure = Figure(figsize=(8, 2.0 + per_bar * max(len(names), 1)), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(names)))
    for y, value in zip(positions, values):
        axes.barh(y, value, height=0.7, linewidth=0.8, **_status_style(value, threshold))
    axes.set_yticks(positions, names)
    axes.invert_yaxis()
    handles: list[object] = _status_legend(threshold)
    lines = [threshold]
    handles.append(axes.axvline(threshold, label=t["chart_threshold"].format(threshold=f"{threshold:g}"),
                                zorder=3, **THRESHOLD_LINE))
    mean = _mean_percent(results)
    if mean is not None:
        lines.append(mean)
        handles.append(axes.axvline(mean, label=f"{t['mean']} {percent_text(mean, lang, 2)}", zorder=3,
                                    **MEAN_LINE))
    axes.set_xlim(0, 118)
    axes.set_xticks(range(0, 101, 10))
    axes.set_xlabel(t["chart_percent_axis"])
    axes.set_title(_title(results, t["chart_participants"]), fontsize=11)
    figure.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=9, frameon=False)
    axes.grid(axis="x", alpha=0.3)
    axes.set_axisbelow(True)
    place_value_labels(figure, axes, positions, values, lines, lang, horizontal=True)
    return figure


def week_percents(results: Results) -> list[float]:
    """Per week: the class's active days / (participants × working days of the week so far) × 100;
    0 for a week not begun."""
    frame = results.activeness
    values = []
    for week, days in results.weeks:
        column = f"week_{week}"
        if results.as_of is not None:
            days = results.as_of.so_far(days)
        cells = [float(v) for v in frame[column] if v is not None and v == v] if column in frame else []
        values.append(sum(cells) / (len(frame) * len(days)) * 100 if len(frame) and days else 0.0)
    return values


def weeks_figure(results: Results) -> Figure:
    """One bar per week: the class's active days / (participants × working days of the week) × 100."""
    lang = results.program.output.lang
    t = labels(lang)
    threshold = results.program.decision.threshold
    when = results.as_of   # during the programme: the weeks begun only
    begun = [when is None or when.state(days) != NOT_BEGUN for _week, days in results.weeks]
    titles = [t["week"].format(k=week) for (week, _days), shown in zip(results.weeks, begun) if shown]
    values = [value for value, shown in zip(week_percents(results), begun) if shown]
    figure = Figure(figsize=(max(5.0, 1.3 * len(titles) + 2), 4.4), layout="constrained")
    axes = figure.add_subplot()
    for x, value in enumerate(values):
        axes.bar(x, value, width=0.6, linewidth=0.8, **_status_style(value, threshold))
    axes.set_xticks(range(len(titles)), titles)
    handles: list[object] = _status_legend(threshold)
    handles.append(axes.axhline(threshold, label=t["chart_threshold"].format(threshold=f"{threshold:g}"),
                                zorder=3, **THRESHOLD_LINE))
    axes.set_ylim(0, 112)
    axes.set_yticks(range(0, 101, 10))
    axes.set_ylabel(t["chart_percent_axis"])
    axes.set_xlabel(t["chart_week_axis"])
    axes.set_title(_title(results, t["chart_weeks"]), fontsize=11)
    figure.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=9, frameon=False)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    place_value_labels(figure, axes, range(len(values)), values, [threshold], lang, horizontal=False)
    return figure


def cycle_names(results: Results) -> list[str]:
    """The cycles begun by the as-of day (a cycle not begun has no days in the decisions), in the
    programme's order, then any other cycle the decisions name."""
    frame = results.decisions
    days = frame["possible_days"] if "possible_days" in frame else [0] * len(frame)
    begun = {str(c) for c, n in zip(frame["cycle"], days) if n is not None and n == n}
    named = [c.name for c in results.program.cycles]
    return [c for c in named + [c for c in dict.fromkeys(map(str, frame["cycle"])) if c not in named] if c in begun]


def cycles_figure(results: Results) -> Figure:
    """Per participant one bar per cycle (the decisions' percent, on the programme's basis), side by
    side, with the threshold: who rose from Siklus I to Siklus II."""
    lang = results.program.output.lang
    t = labels(lang)
    threshold = results.program.decision.threshold
    cycles = cycle_names(results)
    names = participant_labels(results)
    percent = {(int(no), str(cycle)): _number(value) for no, cycle, value in
               zip(results.decisions["no"], results.decisions["cycle"], results.decisions["percent"])}
    people = [int(no) for no in results.activeness["no"]]
    per_person = min(0.25 * len(cycles) + 0.1, max(0.3, 20 / max(len(names), 1)))
    figure = Figure(figsize=(8, 2.0 + per_person * max(len(names), 1)), layout="constrained")
    axes = figure.add_subplot()
    height = 0.8 / len(cycles)
    positions: list[float] = []
    values: list[float] = []
    handles: list[object] = []
    for k, cycle in enumerate(cycles):
        style = CYCLE_STYLES[min(k, len(CYCLE_STYLES) - 1)]
        offset = (k - (len(cycles) - 1) / 2) * height
        ys = [i + offset for i in range(len(people))]
        xs = [percent.get((no, cycle), 0.0) for no in people]
        bars = axes.barh(ys, xs, height=height * 0.92, linewidth=0.8, label=_safe(cycle), **style)
        handles.append(bars)
        positions += ys
        values += xs
    axes.set_yticks(range(len(names)), names)
    axes.invert_yaxis()
    handles.append(axes.axvline(threshold, label=t["chart_threshold"].format(threshold=f"{threshold:g}"),
                                zorder=3, **THRESHOLD_LINE))
    axes.set_xlim(0, 118)
    axes.set_xticks(range(0, 101, 10))
    axes.set_xlabel(t["chart_percent_axis"])
    axes.set_title(_title(results, _("Activeness per cycle")), fontsize=11)
    figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=9, frameon=False)
    axes.grid(axis="x", alpha=0.3)
    axes.set_axisbelow(True)
    place_value_labels(figure, axes, positions, values, [threshold], lang, horizontal=True, fontsize=7.5)
    return figure


def place_value_labels(figure: Figure, axes: Axes, positions: Sequence[float], values: Sequence[float],
                       lines: Sequence[float], lang: str, *, horizontal: bool, fontsize: float = 9) -> list[Text]:
    """Write each bar's percent (bar at `positions[i]`, length `values[i]`) beside its end, clear of
    the `lines` (see `place_clear_of_lines`): the one way every chart labels its bars."""
    texts = [axes.text(value, position, percent_text(value, lang), va="center", ha="left", fontsize=fontsize,
                       zorder=4) if horizontal else
             axes.text(position, value, percent_text(value, lang), ha="center", va="bottom", fontsize=fontsize,
                       zorder=4)
             for position, value in zip(positions, values)]
    place_clear_of_lines(figure, axes, texts, values, lines, horizontal=horizontal)
    return texts


def _data_box(text: Text, axes: Axes) -> tuple[float, float, float, float]:
    """The text's box in the axes' data units (x0, y0, x1, y1), as the figure's last layout drew it."""
    box = text.get_window_extent(axes.figure.canvas.get_renderer())   # type: ignore[attr-defined]
    (x0, y0), (x1, y1) = axes.transData.inverted().transform([(box.x0, box.y0), (box.x1, box.y1)])
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def place_clear_of_lines(figure: Figure, axes: Axes, texts: Sequence[Text], values: Sequence[float],
                         lines: Sequence[float], *, horizontal: bool) -> None:
    """Put each value label where no line crosses it: just past its bar's end; else inside the bar's
    end when the bar is long enough and no line crosses there; else beyond the lines.

    The layout is settled first so that a label's size in data units is the one printed; the labels
    then take no part in the layout (they must not move the axes they were measured against).
    """
    FigureCanvasAgg(figure)
    figure.draw_without_rendering()

    def crossed(start: float, size: float) -> list[float]:
        return [line for line in lines if start - LABEL_GAP < line < start + size + LABEL_GAP]

    for text, value in zip(texts, values):
        text.set_in_layout(False)
        text.set_bbox({"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
        x0, y0, x1, y1 = _data_box(text, axes)
        size = x1 - x0 if horizontal else y1 - y0
        start = value + LABEL_GAP
        inside = value - 2 * LABEL_GAP - size   # the white box must not hide the bar's end
        if crossed(start, size) and inside >= LABEL_GAP and not crossed(inside, size):
            start = inside
        else:
            for _round in range(len(lines) + 1):   # each move passes one line; a line once passed stays behind
                hit = crossed(start, size)
                if not hit:
                    break
                start = max(hit) + LABEL_GAP
        x, y = text.get_position()
        text.set_position((start, y) if horizontal else (x, start))


def label_boxes(figure: Figure) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(text, data-space box x0, y0, x1, y1) of each value label of the figure's first axes (for tests)."""
    figure.draw_without_rendering()
    axes = figure.axes[0]
    return [(text.get_text(), _data_box(text, axes)) for text in axes.texts]
