"""The verdict chart: a horizontal bar chart as inline SVG, drawn in Python.

Readable without JavaScript or CSS: every bar has its label above it and
its count beside it as SVG text, and the whole chart is one accessible
image (`role="img"`) whose title and description say the same in words.
Colours come from the stylesheet through classes (`tone-*`), so the chart
follows the light and dark schemes; the text uses the page's own colour.

The drawing keeps a fixed width in user units and is shown at that width
on wide screens (CSS lets it shrink, never grow), so its text stays close
to the size of the text around it on a phone and on a desktop alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .escape import Trusted, md_text, one_line
from .i18n import Translator

WIDTH = 400
ROW_HEIGHT = 50  # label line, bar, spacing
LABEL_BASELINE = 16  # from the top of a row
BAR_TOP = 22
BAR_HEIGHT = 18
GROUP_GAP = 14  # between the scale and the verdicts off the scale
COUNT_SPACE = 92  # room right of the longest bar for "999 claims"
LABEL_LIMIT = 52  # characters that fit on one line at this width


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    tone: str  # a `tone-*` class suffix, as `templating.rating_tone` gives
    scored: bool  # False for verdicts off the scale, drawn after a gap


def claims_count(tr: Translator, n: int) -> str:
    return tr.count("%(num)s claim", "%(num)s claims", n)


def verdict_chart(tr: Translator, bars: Sequence[Bar], title: str, element_id: str) -> Trusted:
    """An <svg> bar chart of `bars`; `element_id` must be unique on the page."""
    largest = max((bar.count for bar in bars), default=0)
    rows, y = [], 0
    for position, bar in enumerate(bars):
        if position and not bar.scored and bars[position - 1].scored:
            # Off the scale: after a gap and a dashed rule.
            rows.append(f'<line class="briefing-chart__divider" x1="0" x2="{WIDTH}" y1="{y + 4}" y2="{y + 4}"/>')
            y += GROUP_GAP
        rows.append(_row(tr, bar, y, largest))
        y += ROW_HEIGHT
    description = " ".join(_sentence(tr, bar) for bar in bars)
    # Right to left, the bars grow from the right and each text starts there (its `start` is its right end).
    direction = ' direction="rtl"' if tr.direction == "rtl" else ""
    return Trusted(
        f'<svg class="briefing-chart__svg"{direction} role="img" viewBox="0 0 {WIDTH} {y}" width="{WIDTH}" height="{y}"'
        f' aria-labelledby="{element_id}-title" aria-describedby="{element_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{element_id}-title">{title if isinstance(title, Trusted) else md_text(title)}</title>'
        f'<desc id="{element_id}-desc">{md_text(description)}</desc>'
        + "".join(rows)
        + "</svg>"
    )


def _row(tr: Translator, bar: Bar, y: int, largest: int) -> str:
    width = round((WIDTH - COUNT_SPACE) * bar.count / largest) if largest and bar.count else 0
    width = max(width, 3) if bar.count else 0  # one claim of many still shows as a bar
    count_x = width + (8 if width else 0)
    label = one_line(bar.label)  # as the label shows elsewhere: its line breaks are spaces, none at the ends
    label = label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"
    parts = [f'<g class="briefing-chart__row" transform="translate(0 {y})">']
    rtl = tr.direction == "rtl"
    label_x, bar_x, count_x = (WIDTH, WIDTH - width, WIDTH - count_x) if rtl else (0, 0, count_x)
    parts.append(f'<text class="briefing-chart__label" x="{label_x}" y="{LABEL_BASELINE}">{md_text(label)}</text>')
    if width:
        parts.append(
            f'<rect class="briefing-chart__bar briefing-chart__bar--{bar.tone}" x="{bar_x}" y="{BAR_TOP}"'
            f' width="{width}" height="{BAR_HEIGHT}" rx="2"/>'
        )
    parts.append(
        f'<text class="briefing-chart__count" x="{count_x}" y="{BAR_TOP + BAR_HEIGHT - 4}">{md_text(claims_count(tr, bar.count))}</text>'
    )
    parts.append("</g>")
    return "".join(parts)


def _sentence(tr: Translator, bar: Bar) -> str:
    values = {"rating": one_line(bar.label), "claims": claims_count(tr, bar.count)}
    if bar.scored:
        return tr.gettext("%(rating)s: %(claims)s.") % values
    return tr.gettext("%(rating)s (off the scale): %(claims)s.") % values
