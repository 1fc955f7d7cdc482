"""What the home page shows: the lead story, the latest stories and the top
stories of each section."""

from sahifa.articles.models import ArticlePage
from sahifa.sections.models import SectionPage

TOP_PER_SECTION = 4
LATEST_COUNT = 10


def front_page(home) -> dict:
    """Lead story, latest stories and the top stories of each section."""
    latest = list(
        ArticlePage.objects.visible().descendant_of(home).for_listing().recent()[: LATEST_COUNT + 1]
    )
    lead = home.lead_article if home.lead_article and home.lead_article.is_visible() else None
    if lead is None and latest:
        lead = latest[0]
    latest = [a for a in latest if lead is None or a.pk != lead.pk][:LATEST_COUNT]
    sections = []
    for section in SectionPage.objects.live().public().child_of(home).order_by("path"):
        stories = list(section.articles()[:TOP_PER_SECTION])
        if stories:
            sections.append({"section": section, "stories": stories})
    return {"lead": lead, "latest": latest, "sections": sections}
