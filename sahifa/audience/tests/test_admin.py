import csv
import io
import re
from datetime import timedelta

import pytest

from sahifa.audience import services, storage
from sahifa.audience.charts import bar_chart
from sahifa.audience.models import ArticleHourlyStats

from .conftest import CHROME


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def read_story(make_article):
    story = make_article(title="خبر مقروء جداً")
    for reader in range(4):
        services.record_hit(story.pk, "v", f"198.51.100.{reader}", CHROME)
    services.record_hit(story.pk, "s", "198.51.100.1", CHROME, network="whatsapp")
    services.flush()
    earlier = services.floor_hour(services.now_utc()) - timedelta(hours=5)
    ArticleHourlyStats.objects.create(page=story, hour=earlier, views=9, pageviews=12, shares=0)
    storage.refresh_daily([(story.pk, int(earlier.timestamp()) // 3600)])
    return story


@pytest.mark.django_db
def test_dashboard_panel_lists_top_stories_with_a_sparkline(editor_client, read_story):
    html = editor_client.get("/admin/").content.decode()
    assert "الأكثر قراءة الآن" in html
    assert read_story.title in html
    assert '<svg class="audience-spark"' in html
    assert f"/admin/audience/article/{read_story.pk}/" in html
    assert "/admin/audience/export.csv" in html


@pytest.mark.django_db
def test_article_chart_is_a_real_plot(editor_client, read_story):
    html = editor_client.get(f"/admin/audience/article/{read_story.pk}/").content.decode()
    assert html.count('<svg class="audience-chart"') == 2
    assert html.count('class="bar"') == 48 + 30
    assert "قراءات فريدة: 13" in html  # 4 now + 9 five hours ago
    assert editor_client.get("/admin/audience/article/999999/").status_code == 404


def test_bar_heights_follow_values():
    svg = str(bar_chart([("a", 0), ("b", 5), ("c", 10)], title="t", height=228))
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" class="bar"', svg)]
    assert heights == [0.0, 94.0, 188.0]
    assert "<title>t</title>" in svg


@pytest.mark.django_db
def test_csv_export(editor_client, read_story):
    response = editor_client.get("/admin/audience/export.csv?days=7")
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == services.EXPORT_HEADER
    data = [r for r in rows[1:] if r[1] == str(read_story.pk)]
    assert sum(int(r[5]) for r in data) == 13
    assert data[0][2] == read_story.title and data[0][3] == "سياسة"
    single = editor_client.get(f"/admin/audience/article/{read_story.pk}/export.csv")
    assert single.status_code == 200


@pytest.mark.django_db
def test_newsroom_views_need_the_admin(client, read_story):
    response = client.get("/admin/audience/export.csv")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
