"""Small server-rendered SVG charts for the newsroom view (no JS, no
third-party chart library)."""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .services import nice_ceiling


def bar_chart(
    points: list[tuple[str, int]],
    title: str,
    width: int = 720,
    height: int = 220,
    label_every: int = 6,
) -> SafeString:
    """Vertical bars, time running left to right, y axis with 0 / half / max."""
    left, right, top, bottom = 44, 8, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = nice_ceiling(max((v for _, v in points), default=0))
    step = plot_w / max(len(points), 1)
    parts = [
        format_html(
            '<svg class="audience-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
            'direction="ltr" xmlns="http://www.w3.org/2000/svg"><title>{}</title>',
            width,
            height,
            title,
            title,
        )
    ]
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
                '<text x="{}" y="{}" class="axis" text-anchor="end">{}</text>',
                left,
                width - right,
                f"{y:.1f}",
                f"{y:.1f}",
                left - 6,
                f"{y + 4:.1f}",
                int(peak * fraction),
            )
        )
    for index, (label, value) in enumerate(points):
        bar_h = plot_h * value / peak
        x = left + index * step
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="bar"><title>{}: {}</title></rect>',
                f"{x + step * 0.15:.1f}",
                f"{top + plot_h - bar_h:.1f}",
                f"{step * 0.7:.1f}",
                f"{bar_h:.1f}",
                label,
                value,
            )
        )
        if index % label_every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>',
                    f"{x + step / 2:.1f}",
                    height - 8,
                    label,
                )
            )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


def sparkline(values: list[int], width: int = 120, height: int = 28) -> SafeString:
    peak = max(values, default=0) or 1
    step = width / max(len(values) - 1, 1)
    coords = " ".join(
        f"{i * step:.1f},{height - 2 - (height - 4) * v / peak:.1f}" for i, v in enumerate(values)
    )
    label = escape(f"آخر {len(values)} ساعة، الذروة {max(values, default=0)}")
    return mark_safe(
        f'<svg class="audience-spark" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{label}" direction="ltr" '
        f'xmlns="http://www.w3.org/2000/svg"><polyline points="{coords}" fill="none" '
        f'stroke="currentColor" stroke-width="1.5"/></svg>'
    )
