"""The charts for the report: each participant's activeness with the threshold (the paper's
Gambar 1) and the class's activeness per week. PNG bytes without a timestamp or software tag,
so the same data gives the same file.
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure

from whatsapp_ingest.report.labels import labels, percent_text
from whatsapp_ingest.figures.results import Results

PARTICIPANTS_CHART = "grafik_keaktifan.png"
WEEKS_CHART = "grafik_mingguan.png"
ABOVE, BELOW, LINE, MEAN = "#2E7D32", "#C62828", "#37474F", "#1565C0"
NAME_CHARS = 30
TITLE_CHARS = 70


def render_charts(results: Results) -> dict[str, bytes]:
    """Both charts as PNG bytes by file name, labelled in the programme's language."""
    return {PARTICIPANTS_CHART: participants_chart(results), WEEKS_CHART: weeks_chart(results)}


def _safe(text: str, limit: int = NAME_CHARS) -> str:
    """Names are text, not mathtext: `$` would start a formula in matplotlib; control characters
    (a tab or CR someone typed) have no glyph."""
    text = "".join(c if c.isprintable() else " " for c in text).strip()
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("$", r"\$")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=120, metadata={"Software": None})
    return buffer.getvalue()


def participants_chart(results: Results) -> bytes:
    """Horizontal bars, one per participant in roster order, the percent at each bar's end and a
    dashed line at the DL/Aktif threshold (horizontal so long names stay readable)."""
    lang = results.program.output.lang
    t = labels(lang)
    threshold = results.program.decision.threshold
    frame = results.activeness
    names = [f"{int(no)}. {_safe(str(name))}" for no, name in zip(frame["no"], frame["name"])]
    values = [0.0 if v is None or v != v else float(v) for v in frame["percent"]]
    # a bar height of 0.38 in, thinner (not under 0.2 in) for big classes so the PNG stays printable
    per_bar = min(0.38, max(0.2, 15 / max(len(names), 1)))
    figure = Figure(figsize=(8, 1.6 + per_bar * max(len(names), 1)), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(names)))
    axes.barh(positions, values, color=[ABOVE if v >= threshold else BELOW for v in values], height=0.7)
    axes.set_yticks(positions, names)
    axes.invert_yaxis()
    for y, value in zip(positions, values):
        axes.text(min(value, 100) + 1, y, percent_text(value, lang), va="center", fontsize=9)
    axes.axvline(threshold, color=LINE, linestyle="--", linewidth=1.2,
                 label=t["chart_threshold"].format(threshold=f"{threshold:g}"))
    exact = [int(a) / int(b) * 100 for a, b in zip(frame["total"], frame["possible"]) if b == b and int(b)]
    if exact:
        mean = sum(exact) / len(exact)
        axes.axvline(mean, color=MEAN, linestyle=":", linewidth=1.5,
                     label=f"{t['mean']} {percent_text(mean, lang, 2)}")
    axes.set_xlim(0, 112)
    axes.set_xlabel(t["chart_percent_axis"])
    axes.set_title(f"{t['chart_participants']}\n{_safe(results.program.name, TITLE_CHARS)}", fontsize=11)
    figure.legend(loc="outside lower center", ncols=2, fontsize=9, frameon=False)
    axes.grid(axis="x", alpha=0.3)
    return _png(figure)


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


def weeks_chart(results: Results) -> bytes:
    """One bar per week: the class's active days / (participants × working days of the week) × 100."""
    lang = results.program.output.lang
    t = labels(lang)
    threshold = results.program.decision.threshold
    titles = [t["week"].format(k=week) for week, _ in results.weeks]
    values = week_percents(results)
    figure = Figure(figsize=(max(5.0, 1.3 * len(titles) + 2), 4), layout="constrained")
    axes = figure.add_subplot()
    bars = axes.bar(titles, values, color=[ABOVE if v >= threshold else BELOW for v in values], width=0.6)
    for bar, value in zip(bars, values):
        axes.text(bar.get_x() + bar.get_width() / 2, value + 1.5, percent_text(value, lang), ha="center", fontsize=9)
    axes.axhline(threshold, color=LINE, linestyle="--", linewidth=1.2,
                 label=t["chart_threshold"].format(threshold=f"{threshold:g}"))
    axes.set_ylim(0, 110)
    axes.set_ylabel(t["chart_percent_axis"])
    axes.set_xlabel(t["chart_week_axis"])
    axes.set_title(f"{t['chart_weeks']}\n{_safe(results.program.name, TITLE_CHARS)}", fontsize=11)
    figure.legend(loc="outside lower center", fontsize=9, frameon=False)
    axes.grid(axis="y", alpha=0.3)
    return _png(figure)
