"""What the home page shows: its zones (sahifa.sections.fronts) — the lead,
the secondary stories, opinion, a strip per section and the latest stories —
filled by the editors' pins and then by the newest visible stories."""

from sahifa.sections import fronts
from sahifa.sections.models import SectionPage, opinion_paths

TOP_PER_SECTION = 4
LATEST_COUNT = 8


def front_page(home) -> dict:
    # Restricted sections list no visible story, so their strips stay empty
    # and are left out; opinion sections fill the opinion zone instead.
    strips = list(SectionPage.objects.live().child_of(home).filter(opinion=False).order_by("path"))
    front = fronts.build_front(
        home,
        fronts.home_zones(TOP_PER_SECTION, LATEST_COUNT),
        section_depth=home.depth + 1,
        opinion_paths=opinion_paths(),
        strips=strips,
    )
    return {
        "lead": front["lead"][0] if front["lead"] else None,
        "secondary": front["secondary"],
        "opinion": front["opinion"],
        "latest": front["latest"],
        "sections": [{"section": s, "stories": stories} for s, stories in front["strips"]],
    }
