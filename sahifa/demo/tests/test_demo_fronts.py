"""The demo's fronts: every zone of the home page and of a section front
shows at least one story, and the reference story leads by an editor's pin."""

import pytest
from bs4 import BeautifulSoup

from sahifa.demo import services
from sahifa.home.models import HomePage

pytestmark = pytest.mark.django_db


def test_demo_fills_every_zone(client, tmp_path):
    services.load_demo(tmp_path, "pw", log=lambda *a: None, only=["politics", "economy", "opinion"])
    home = HomePage.objects.get()
    assert [p.article.source_uri for p in home.front_pins.all()] == [services.DEMO_LEAD]
    soup = BeautifulSoup(client.get(home.url).content, "html.parser")
    for zone in (".zone-lead", ".zone-secondary", ".zone-opinion", ".home-section"):
        assert soup.select(f"{zone} .story-title"), zone
    assert soup.select(".latest li")
    lead = soup.select_one(".zone-lead .story-title").get_text(strip=True)
    assert lead.startswith("رامي الخطيب")
    assert len(soup.select(".home-section")) == 2  # opinion has no strip of its own
    politics = home.get_children().get(slug="politics")
    soup = BeautifulSoup(client.get(politics.url).content, "html.parser")
    for zone in (".zone-lead", ".zone-secondary", ".zone-latest", ".zone-opinion"):
        assert soup.select(f"{zone} .story-title"), zone
