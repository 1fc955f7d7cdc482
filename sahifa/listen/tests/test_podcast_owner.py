"""The podcast feed names its owner with an email (Apple verifies a
podcast's ownership by mailing itunes:owner/itunes:email)."""

from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.django_db

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


@pytest.mark.parametrize("path", ["/listen/podcast.xml"])
def test_itunes_owner_with_email(article, client, settings, path):
    settings.SAHIFA_CONTACT_EMAIL = "podcast@sahifa.example"
    response = client.get(path)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # well-formed XML or raises
    channel = root.find("channel")
    owner = channel.find(f"{ITUNES}owner")
    assert owner is not None
    assert owner.find(f"{ITUNES}name").text == "صحيفة"
    assert owner.find(f"{ITUNES}email").text == "podcast@sahifa.example"
