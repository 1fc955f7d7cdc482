"""The demo's readers: a week of plausible audience history, written through
the audience app's backfill (sahifa.audience.services.backfill), so
«الأكثر قراءة» and «الأكثر تداولاً» differ as they do on a real site.

Views follow a long tail: a few stories draw most readers, most of them
when the story breaks, with the day's rhythm (quiet at night, peaks in the
morning and the evening).
Shares come in waves: each story has one, at its own time, and a handful of
stories are being shared right now, which is what «الأكثر تداولاً» (shares
plus view velocity, decayed by age) picks up. Every number is a function of
the story and the clock hour, and the backfill never lowers a stored number,
so loading the demo again within the hour changes nothing."""

import hashlib
import math
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from sahifa.articles.models import ArticlePage
from sahifa.audience.services import backfill, floor_hour, now_utc

HOURS = 7 * 24

# The stories most readers open (news people need: rates, prices, exam
# results, the cabinet), in order; the rest follow them down the long tail.
MOST_READ = [
    "urn:sahifa:demo:pol-001",
    "urn:sahifa:demo:eco-002",
    "urn:sahifa:demo:soc-002",
    "urn:sahifa:demo:eco-004",
    "urn:sahifa:demo:pol-003",
    "urn:sahifa:demo:soc-001",
    "urn:sahifa:demo:world-003",
    "urn:sahifa:demo:tech-005",
]
# The stories being passed around now (a derby comeback, a phone that
# speaks dialects, a rescue at sea…): (uri, hours since the wave peaked,
# shares per hour at the peak).
SHARED_NOW = [
    ("urn:sahifa:demo:sport-001", 1, 420),
    ("urn:sahifa:demo:tech-004", 2, 300),
    ("urn:sahifa:demo:world-005", 1, 210),
    ("urn:sahifa:demo:cult-002", 3, 260),
    ("urn:sahifa:demo:soc-005", 2, 150),
    ("urn:sahifa:demo:op-003", 1, 90),
    ("urn:sahifa:demo:pol-007", 4, 140),
]

# Share of a day's readers in each local hour: night trough, morning and
# evening peaks.
_RHYTHM = [
    0.018, 0.010, 0.006, 0.005, 0.006, 0.012, 0.025, 0.045,
    0.062, 0.066, 0.060, 0.052, 0.050, 0.052, 0.048, 0.044,
    0.044, 0.048, 0.055, 0.062, 0.068, 0.066, 0.056, 0.040,
]  # fmt: skip


def _rng(*parts) -> random.Random:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _profiles(uris: list[str]) -> dict[str, dict]:
    """Per story: readers a day at its height (long tail), when it broke,
    its usual share rate, and one wave of shares (when it peaked, how high)."""
    shared = {uri: (age, peak) for uri, age, peak in SHARED_NOW}
    rest = sorted((u for u in uris if u not in MOST_READ), key=lambda u: _rng(u).random())
    order = [u for u in MOST_READ if u in uris] + rest
    profiles = {}
    for rank, uri in enumerate(order, start=1):
        rng = _rng("profile", uri)
        age, peak = shared.get(uri, (rng.uniform(10, HOURS - 12), rng.uniform(4, 40)))
        if uri in MOST_READ:  # broke this morning, read all day
            broke = rng.uniform(8, 18)
        elif uri in shared:  # broke just before it was passed around
            broke = age + rng.uniform(0.5, 2)
        else:
            broke = rng.uniform(1, 40)  # the last day and a half's news
        profiles[uri] = {
            "broke": broke,
            "daily": 16_000 / rank**0.9 * rng.uniform(0.9, 1.1),
            "share_rate": rng.uniform(0.002, 0.012),
            "wave_age": age,
            "wave_peak": peak,
            "wave_width": rng.uniform(3.0, 6.0),
        }
    return profiles


def readers(uris: list[str], now: datetime) -> dict[tuple[str, datetime], tuple[int, int, int]]:
    """{(uri, hour): (unique views, pageviews, shares)} for the completed
    hours of the week before `now` (the current hour is left to real
    beacons)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    current = floor_hour(now)
    counts = {}
    for uri, p in _profiles(uris).items():
        for age in range(1, HOURS + 1):
            hour = current - timedelta(hours=age)
            rng = _rng("hour", uri, int(hour.timestamp()) // 3600)
            # A story is read most when it breaks, then less (half-life 14 h),
            # never less than a quarter of that.
            since = p["broke"] - age
            life = 0.25 if since < 0 else 0.25 + 0.75 * 0.5 ** (since / 14)
            rhythm = _RHYTHM[hour.astimezone(zone).hour]
            steady = p["daily"] * life * rhythm * rng.uniform(0.85, 1.15)
            distance = (age - p["wave_age"]) / p["wave_width"]
            wave = p["wave_peak"] * math.exp(-0.5 * distance * distance)
            shares = round(steady * p["share_rate"] + wave * rng.uniform(0.9, 1.1))
            # A shared story brings readers: one or two per share.
            views = round(steady + 1.5 * wave)
            if views or shares:
                counts[(uri, hour)] = (views, round(views * rng.uniform(1.15, 1.4)), shares)
    return counts


def seed_audience(now: datetime | None = None) -> int:
    """Backfill the week's readers of the demo stories that are published;
    returns the number of hourly rows written."""
    pages = dict(
        ArticlePage.objects.live()
        .filter(source_uri__startswith="urn:sahifa:demo:")
        .values_list("source_uri", "pk")
    )
    if not pages:
        return 0
    counts = readers(sorted(pages), now or now_utc())
    return backfill({(pages[uri], hour): values for (uri, hour), values in counts.items()})
