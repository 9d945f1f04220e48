"""The charts for the report, made to be printed (often in black and white):

- each participant's activeness with the threshold and the mean (the paper's Gambar 1),
- the class's activeness per week,
- each participant's percent per cycle side by side (Siklus I against Siklus II, the comparison an
  action-research report makes).

Aktif and Pasif differ in lightness and pattern, not only in hue (dark solid bars against light
hatched ones, the words in the legend), so a greyscale print keeps them apart. Value labels are
placed clear of the threshold and mean lines. Participants are numbered 1…n in the order shown, so a
withdrawal leaves no gap. Each chart is laid out once as shapes (`Chart`) and written as a 200 dpi
PNG and an SVG (report.chart_draw), without a timestamp or software tag, so the same data gives the
same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from whatsapp_ingest.figures.asof import NOT_BEGUN
from whatsapp_ingest.figures.results import CHART_BARS, Results
from whatsapp_ingest.i18n import _
from whatsapp_ingest.report.chart_draw import (Box, Label, Line, Pen, Shape, Style, label_box, text_height,
                                               text_width, to_png, to_svg)
from whatsapp_ingest.report.labels import labels, percent_text

PARTICIPANTS_CHART = "grafik_keaktifan.png"
WEEKS_CHART = "grafik_mingguan.png"
CYCLES_CHART = "grafik_siklus.png"
DPI = 200
# Dark solid against light hatched: apart in colour, in grey and in pattern.
ACTIVE = Style("#1B5E20", "#0B2E0F")
PASSIVE = Style("#F8D7D4", "#8E1B1B", "////")
# One look per cycle, told apart by lightness and pattern (a third or later cycle repeats with dots).
CYCLE_STYLES = (Style("#D9D9D9", "#3A3A3A", "\\\\\\\\"), Style("#1F3A5F", "#0E1C2E"), Style("#FFFFFF", "#3A3A3A", "...."))
THRESHOLD_LINE = Pen("#000000", 1.3, (4.8, 2.1))
MEAN_LINE = Pen("#555555", 1.8, (1.8, 2.7))
GRID = Pen("#B3B3B3", 0.8)
FRAME = Pen("#000000", 0.8)
LABEL_GAP = 0.8          # data units (percent) between a label and a bar end or a line
NAME_CHARS = 30
TITLE_CHARS = 70
# Sizes in points: the page margin, tick marks and the gap to their text, the fonts.
PAD, TICK, TICK_GAP = 6.0, 3.5, 3.5
TICK_SIZE, AXIS_SIZE, TITLE_SIZE, LEGEND_SIZE = 10.0, 10.0, 11.0, 9.0
KEY_W, KEY_H, KEY_GAP, COLUMN_GAP = 18.0, 7.0, 5.0, 16.0
VALUE_TICKS = tuple(range(0, 101, 10))


@dataclass(frozen=True)
class Bar:
    """One bar: where it stands on the category axis, its percent, thickness (category units) and look."""

    position: float
    value: float
    thickness: float
    style: Style


@dataclass(frozen=True)
class RefLine:
    """A line across the bars at a percent (the threshold, the mean), named in the legend."""

    value: float
    pen: Pen
    label: str


@dataclass
class Chart:
    """A chart laid out: its size and shapes in points, and what it shows (bars, lines, tick and
    legend texts, each value label's box in data units: value axis and category axis)."""

    width: float
    height: float
    title: str
    horizontal: bool
    bars: list[Bar]
    lines: list[RefLine]
    ticks: list[str]
    legend: list[str]
    shapes: list[Shape] = field(default_factory=list)
    value_labels: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)

    def png(self) -> bytes:
        """The chart as a 200 dpi PNG."""
        return to_png(self.width, self.height, self.shapes, DPI)

    def svg(self) -> bytes:
        """The chart as SVG, its text as text."""
        return to_svg(self.width, self.height, self.shapes, self.title)


def render_charts(results: Results) -> dict[str, bytes]:
    """Every chart as 200 dpi PNG and as SVG bytes by file name, labelled in the programme's language."""
    charts: dict[str, bytes] = {}
    for name, build in chart_builders(results):
        chart = build(results)
        charts[name] = chart.png()
        charts[name.removesuffix(".png") + ".svg"] = chart.svg()
    return charts


def chart_builders(results: Results) -> list[tuple[str, Callable[[Results], Chart]]]:
    """(PNG file name, chart builder) of each chart this programme has; the cycle chart needs two cycles."""
    builders: list[tuple[str, Callable[[Results], Chart]]] = [(WEEKS_CHART, weeks_figure)]
    if len(results.activeness) <= CHART_BARS:   # (said among the warnings when there are more)
        builders.insert(0, (PARTICIPANTS_CHART, participants_figure))
    if len(cycle_names(results)) >= 2:
        builders.append((CYCLES_CHART, cycles_figure))
    return builders


def _safe(text: str, limit: int = NAME_CHARS) -> str:
    """Names as one line of text: control characters (a tab or CR someone typed) have no glyph."""
    text = "".join(c if c.isprintable() else " " for c in text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: object) -> float:
    """A percent cell as a float; an empty one (no possible day) as 0."""
    return 0.0 if value is None or value != value else float(value)   # type: ignore[arg-type]


def participant_labels(results: Results) -> list[str]:
    """`1. Name`, `2. Name` … in the order shown: numbered consecutively, whatever the roster numbers
    (a withdrawn participant leaves no gap)."""
    return [f"{k}. {_safe(str(name))}" for k, name in enumerate(results.activeness["name"], start=1)]


def _status_style(value: float, threshold: float) -> Style:
    return ACTIVE if value >= threshold else PASSIVE


def _status_legend(threshold: float) -> list[tuple[str, Style | Pen]]:
    """Legend entries that say Aktif/Pasif in words, with the bars' own fill and pattern."""
    limit = f"{threshold:g}"
    return [(_("Active (at least {threshold}%)").format(threshold=limit), ACTIVE),
            (_("Passive (below {threshold}%)").format(threshold=limit), PASSIVE)]


def _title(results: Results, heading: str) -> list[str]:
    return [heading, _safe(results.program.name, TITLE_CHARS)]


def _mean_percent(results: Results) -> float | None:
    """The class mean from the exact fractions (as the summary), or None without a possible day."""
    frame = results.activeness
    exact = [int(a) / int(b) * 100 for a, b in zip(frame["total"], frame["possible"]) if b == b and int(b)]
    return sum(exact) / len(exact) if exact else None


def _threshold_line(results: Results) -> RefLine:
    threshold = results.program.decision.threshold
    t = labels(results.program.output.lang)
    return RefLine(threshold, THRESHOLD_LINE, t["chart_threshold"].format(threshold=f"{threshold:g}"))


def participants_figure(results: Results) -> Chart:
    """Horizontal bars, one per participant in roster order, the percent beside each bar, a dashed
    line at the DL/Aktif threshold and a dotted one at the mean (horizontal so long names stay readable)."""
    lang = results.program.output.lang
    t = labels(lang)
    threshold = results.program.decision.threshold
    names = participant_labels(results)
    values = [_number(v) for v in results.activeness["percent"]]
    # a bar height of 0.38 in, thinner (not under 0.2 in) for big classes so the chart stays printable
    per_bar = min(0.38, max(0.2, 15 / max(len(names), 1)))
    bars = [Bar(y, value, 0.7, _status_style(value, threshold)) for y, value in enumerate(values)]
    lines = [_threshold_line(results)]
    mean = _mean_percent(results)
    if mean is not None:
        lines.append(RefLine(mean, MEAN_LINE, f"{t['mean']} {percent_text(mean, lang, 2)}"))
    legend: list[tuple[str, Style | Pen]] = _status_legend(threshold) + [(line.label, line.pen) for line in lines]
    return bar_chart(horizontal=True, width=8, height=2.0 + per_bar * max(len(names), 1),
                     title=_title(results, t["chart_participants"]), ticks=names, bars=bars, lines=lines,
                     legend=legend, ncols=2, value_axis=t["chart_percent_axis"], lang=lang)


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


def weeks_figure(results: Results) -> Chart:
    """One bar per week: the class's active days / (participants × working days of the week) × 100."""
    lang = results.program.output.lang
    t = labels(lang)
    threshold = results.program.decision.threshold
    when = results.as_of   # during the programme: the weeks begun only
    begun = [when is None or when.state(days) != NOT_BEGUN for _week, days in results.weeks]
    titles = [t["week"].format(k=week) for (week, _days), shown in zip(results.weeks, begun) if shown]
    values = [value for value, shown in zip(week_percents(results), begun) if shown]
    bars = [Bar(x, value, 0.6, _status_style(value, threshold)) for x, value in enumerate(values)]
    lines = [_threshold_line(results)]
    legend = _status_legend(threshold) + [(lines[0].label, lines[0].pen)]
    return bar_chart(horizontal=False, width=max(5.0, 1.3 * len(titles) + 2), height=4.4,
                     title=_title(results, t["chart_weeks"]), ticks=titles, bars=bars, lines=lines, legend=legend,
                     ncols=3, value_axis=t["chart_percent_axis"], category_axis=t["chart_week_axis"], lang=lang)


def cycle_names(results: Results) -> list[str]:
    """The cycles begun by the as-of day (a cycle not begun has no days in the decisions), in the
    programme's order, then any other cycle the decisions name."""
    frame = results.decisions
    days = frame["possible_days"] if "possible_days" in frame else [0] * len(frame)
    begun = {str(c) for c, n in zip(frame["cycle"], days) if n is not None and n == n}
    named = [c.name for c in results.program.cycles]
    return [c for c in named + [c for c in dict.fromkeys(map(str, frame["cycle"])) if c not in named] if c in begun]


def cycles_figure(results: Results) -> Chart:
    """Per participant one bar per cycle (the decisions' percent, on the programme's basis), side by
    side, with the threshold: who rose from Siklus I to Siklus II."""
    lang = results.program.output.lang
    t = labels(lang)
    cycles = cycle_names(results)
    names = participant_labels(results)
    percent = {(int(no), str(cycle)): _number(value) for no, cycle, value in
               zip(results.decisions["no"], results.decisions["cycle"], results.decisions["percent"])}
    people = [int(no) for no in results.activeness["no"]]
    per_person = min(0.25 * len(cycles) + 0.1, max(0.3, 20 / max(len(names), 1)))
    height = 0.8 / len(cycles)
    bars: list[Bar] = []
    legend: list[tuple[str, Style | Pen]] = []
    for k, cycle in enumerate(cycles):
        style = CYCLE_STYLES[min(k, len(CYCLE_STYLES) - 1)]
        offset = (k - (len(cycles) - 1) / 2) * height
        bars += [Bar(i + offset, percent.get((no, cycle), 0.0), height * 0.92, style) for i, no in enumerate(people)]
        legend.append((_safe(cycle), style))
    lines = [_threshold_line(results)]
    legend.append((lines[0].label, lines[0].pen))
    return bar_chart(horizontal=True, width=8, height=2.0 + per_person * max(len(names), 1),
                     title=_title(results, _("Activeness per cycle")), ticks=names, bars=bars, lines=lines,
                     legend=legend, ncols=len(legend), value_axis=t["chart_percent_axis"], lang=lang,
                     label_size=7.5)


def _legend_rows(entries: list[tuple[str, Style | Pen]], ncols: int, room: float) -> tuple[int, list[float]]:
    """(columns, width of each column) of the legend: `ncols` or fewer, so that it fits in `room` points."""
    for cols in range(max(1, min(ncols, len(entries))), 0, -1):
        widths = [max(KEY_W + KEY_GAP + text_width(text, LEGEND_SIZE) for text, _ in entries[c::cols])
                  for c in range(cols)]
        if sum(widths) + COLUMN_GAP * (cols - 1) <= room or cols == 1:
            return cols, widths
    raise AssertionError("unreachable")


def bar_chart(*, horizontal: bool, width: float, height: float, title: list[str], ticks: list[str], bars: list[Bar],
              lines: list[RefLine], legend: list[tuple[str, Style | Pen]], ncols: int, value_axis: str, lang: str,
              category_axis: str = "", label_size: float = 9.0) -> Chart:
    """Lay out a bar chart of `width` × `height` inches (wider when the title needs it): the title on
    top, the bars (percent 0–118 on the value axis, category `k` at tick `ticks[k]`), the lines, the
    value labels clear of the lines, the legend below."""
    line_h = 1.2
    title_w = max(text_width(line, TITLE_SIZE) for line in title)
    W = max(width * 72, title_w + 4 * PAD)
    H = height * 72
    columns, col_widths = _legend_rows(legend, ncols, W - 2 * PAD)
    rows = -(-len(legend) // columns)
    legend_top = H - PAD - rows * LEGEND_SIZE * 1.6
    text_h = text_height(TICK_SIZE)
    top = PAD + len(title) * TITLE_SIZE * line_h + 6
    if horizontal:
        left = PAD + max((text_width(tick, TICK_SIZE) for tick in ticks), default=0) + TICK + TICK_GAP
        bottom = legend_top - 8 - text_height(AXIS_SIZE) - 4 - text_h - TICK_GAP - TICK
    else:
        left = PAD + text_height(AXIS_SIZE) + 4 + text_width("100", TICK_SIZE) + TICK + TICK_GAP
        bottom = legend_top - 8 - (text_height(AXIS_SIZE) + 4 if category_axis else 0) - text_h - TICK_GAP - TICK
    right = W - PAD - 4
    bottom = max(bottom, top + 20)
    count = max(len(ticks), 1)
    low, high, vmax = -0.6, count - 0.4, 118.0 if horizontal else 112.0

    def v(value: float) -> float:   # a percent → points along the value axis
        return left + value / vmax * (right - left) if horizontal else bottom - value / vmax * (bottom - top)

    def c(position: float) -> float:   # a category position → points along the category axis
        if horizontal:
            return top + (position - low) / (high - low) * (bottom - top)
        return left + (position - low) / (high - low) * (right - left)

    per_value = (right - left) / vmax if horizontal else (bottom - top) / vmax
    per_category = (bottom - top if horizontal else right - left) / (high - low)
    shapes: list[Shape] = []
    for tick in VALUE_TICKS:   # the grid behind the bars
        shapes.append(Line(v(tick), top, v(tick), bottom, GRID) if horizontal else Line(left, v(tick), right, v(tick), GRID))
    for bar in bars:
        a, b = c(bar.position - bar.thickness / 2), c(bar.position + bar.thickness / 2)
        if horizontal:
            shapes.append(Box(v(0), a, v(bar.value) - v(0), b - a, bar.style))
        else:
            shapes.append(Box(a, v(bar.value), b - a, v(0) - v(bar.value), bar.style))
    for line in lines:
        shapes.append(Line(v(line.value), top, v(line.value), bottom, line.pen) if horizontal else
                      Line(left, v(line.value), right, v(line.value), line.pen))
    labels_placed = _value_labels(bars, [line.value for line in lines], lang, label_size, horizontal, v, c,
                                  per_value, per_category)
    shapes += [label for label, _box in labels_placed]
    shapes += [Line(left, top, right, top, FRAME), Line(left, bottom, right, bottom, FRAME),
               Line(left, top, left, bottom, FRAME), Line(right, top, right, bottom, FRAME)]
    for tick in VALUE_TICKS:
        if horizontal:
            shapes += [Line(v(tick), bottom, v(tick), bottom + TICK, FRAME),
                       Label(v(tick), bottom + TICK + TICK_GAP, str(tick), TICK_SIZE, "middle", "top")]
        else:
            shapes += [Line(left - TICK, v(tick), left, v(tick), FRAME),
                       Label(left - TICK - TICK_GAP, v(tick), str(tick), TICK_SIZE, "end", "middle")]
    for k, tick in enumerate(ticks):
        if horizontal:
            shapes += [Line(left - TICK, c(k), left, c(k), FRAME),
                       Label(left - TICK - TICK_GAP, c(k), tick, TICK_SIZE, "end", "middle")]
        else:
            shapes += [Line(c(k), bottom, c(k), bottom + TICK, FRAME),
                       Label(c(k), bottom + TICK + TICK_GAP, tick, TICK_SIZE, "middle", "top")]
    below = bottom + TICK + TICK_GAP + text_h + 4
    if horizontal:
        shapes.append(Label((left + right) / 2, below, value_axis, AXIS_SIZE, "middle", "top"))
    else:
        shapes.append(Label(PAD, (top + bottom) / 2, value_axis, AXIS_SIZE, "middle", "top", upright=True))
        if category_axis:
            shapes.append(Label((left + right) / 2, below, category_axis, AXIS_SIZE, "middle", "top"))
    for k, line in enumerate(title):
        shapes.append(Label((left + right) / 2, PAD + k * TITLE_SIZE * line_h, line, TITLE_SIZE, "middle", "top"))
    shapes += _legend(legend, columns, col_widths, W, legend_top)
    return Chart(W, H, " — ".join(title), horizontal, bars, lines, list(ticks), [text for text, _ in legend],
                 shapes, [(label.text, box) for label, box in labels_placed])


def _legend(entries: list[tuple[str, Style | Pen]], columns: int, widths: list[float], page_width: float,
            top: float) -> list[Shape]:
    """The legend's keys and words, row by row, centred under the chart."""
    shapes: list[Shape] = []
    start = (page_width - sum(widths) - COLUMN_GAP * (columns - 1)) / 2
    for k, (text, look) in enumerate(entries):
        row, col = divmod(k, columns)
        x = start + sum(widths[:col]) + COLUMN_GAP * col
        y = top + (row + 0.5) * LEGEND_SIZE * 1.6
        if isinstance(look, Style):
            shapes.append(Box(x, y - KEY_H / 2, KEY_W, KEY_H, look))
        else:
            shapes.append(Line(x, y, x + KEY_W, y, look))
        shapes.append(Label(x + KEY_W + KEY_GAP, y, text, LEGEND_SIZE, "start", "middle"))
    return shapes


def _value_labels(bars: Sequence[Bar], lines: Sequence[float], lang: str, size: float, horizontal: bool,
                  v: Callable[[float], float], c: Callable[[float], float], per_value: float,
                  per_category: float) -> list[tuple[Label, tuple[float, float, float, float]]]:
    """Each bar's percent beside its end, clear of the `lines` (see `clear_of_lines`), with its box in
    data units: (value from, category from, value to, category to) turned to (x0, y0, x1, y1)."""
    placed = []
    for bar in bars:
        text = percent_text(bar.value, lang)
        extent = (text_width(text, size) if horizontal else text_height(size)) / per_value
        start = clear_of_lines(bar.value, extent, lines)
        if horizontal:
            label = Label(v(start), c(bar.position), text, size, "start", "middle", backdrop=True)
        else:
            label = Label(c(bar.position), v(start), text, size, "middle", "bottom", backdrop=True)
        x0, y0, x1, y1 = label_box(label)
        across = ((y0 if horizontal else x0) - c(0)) / per_category, ((y1 if horizontal else x1) - c(0)) / per_category
        box = (start, across[0], start + extent, across[1]) if horizontal else (across[0], start, across[1], start + extent)
        placed.append((label, box))
    return placed


def clear_of_lines(value: float, size: float, lines: Sequence[float]) -> float:
    """Where a label `size` data units long starts so that no line crosses it: just past its bar's
    end (`value`); else inside the bar's end when the bar is long enough and no line crosses there;
    else beyond the lines."""

    def crossed(start: float) -> list[float]:
        return [line for line in lines if start - LABEL_GAP < line < start + size + LABEL_GAP]

    start = value + LABEL_GAP
    inside = value - 2 * LABEL_GAP - size   # the white box must not hide the bar's end
    if crossed(start) and inside >= LABEL_GAP and not crossed(inside):
        return inside
    for _round in range(len(lines) + 1):   # each move passes one line; a line once passed stays behind
        hit = crossed(start)
        if not hit:
            break
        start = max(hit) + LABEL_GAP
    return start


def label_boxes(chart: Chart) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(text, data-space box x0, y0, x1, y1) of each value label of the chart (for tests)."""
    return chart.value_labels
