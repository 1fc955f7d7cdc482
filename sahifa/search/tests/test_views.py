import pytest

from .test_services import DONE_WHEN

pytestmark = pytest.mark.django_db


def test_search_page_top_three_for_other_forms(client, corpus):
    """The "Done when" through /search/: each query finds its article in
    the first three results on the page."""
    for query, slug in DONE_WHEN:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        results = response.context["outcome"].results
        assert corpus[slug].pk in [r.page.pk for r in results[:3]], query
        assert corpus[slug].url in response.content.decode()


def test_search_page_markup(client, corpus):
    response = client.get("/search/", {"q": "الحكومه"})
    html = response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex, follow">' in html
    assert "<mark>الحكومة</mark>" in html  # original spelling highlighted
    assert "سياسة" in html  # section
    assert "<time datetime=" in html
    assert 'src="/static/search/autocomplete.js" defer' in html


def test_search_page_filters_and_pagination(client, corpus, settings):
    settings.SAHIFA_SEARCH_PAGE_SIZE = 1
    response = client.get("/search/", {"q": "الأسواق", "sort": "newest"})
    html = response.content.decode()
    assert response.context["outcome"].results[0].page.pk == corpus["netflix"].pk
    assert "q=%D8%A7%D9%84%D8%A3%D8%B3%D9%88%D8%A7%D9%82&amp;sort=newest&amp;page=2" in html
    response = client.get("/search/", {"q": "الأسواق", "sort": "newest", "page": 2})
    assert response.context["outcome"].results[0].page.pk == corpus["russia"].pk
    response = client.get("/search/", {"q": "المنتخب", "section": "politics"})
    assert response.context["outcome"].total == 0
    assert "لا نتائج" in response.content.decode()
    response = client.get("/search/", {"q": "المنتخب", "section": "sports", "from": "2000-01-01"})
    assert response.context["outcome"].total == 1


def test_search_page_bad_dates_and_empty_query(client, corpus):
    response = client.get("/search/", {"q": "الحكومة", "from": "أمس"})
    assert response.status_code == 200 and response.context["outcome"] is None
    assert "تحقق من التواريخ" in response.content.decode()
    response = client.get("/search/")
    assert response.status_code == 200 and response.context["outcome"] is None


def test_no_results_page_suggests(client, corpus):
    html = client.get("/search/", {"q": "المنتخت"}).content.decode()
    assert "هل تقصد" in html and "?q=%D8%A7%D9%84%D9%85%D9%86%D8%AA%D8%AE%D8%A8" in html


def test_autocomplete_endpoint(client, corpus):
    response = client.get("/search/autocomplete/", {"q": "الوزرا"})
    assert response.status_code == 200
    assert response.json() == {
        "results": [{"title": corpus["ministers"].title, "url": corpus["ministers"].url}]
    }


def test_api_search(client, corpus):
    response = client.get("/api/v2/search/", {"q": "وبالحكومة"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 1 and data["page"] == 1
    (item,) = data["results"]
    budget = corpus["budget"]
    assert item["id"] == budget.pk
    assert item["title"] == budget.title
    assert item["url"].endswith(budget.url)
    assert "<mark>" in item["snippet"]
    assert item["section"]["slug"] == "politics"
    assert item["first_published_at"].startswith(str(budget.first_published_at.date()))
    assert response["X-Robots-Tag"] == "noindex"


def test_api_params_and_errors(client, corpus):
    data = client.get(
        "/api/v2/search/", {"q": "الأسواق", "sort": "newest", "page": 1, "to": "2100-01-01"}
    ).json()
    assert [r["id"] for r in data["results"]] == [corpus["netflix"].pk, corpus["russia"].pk]
    assert client.get("/api/v2/search/", {"q": "x", "from": "bad"}).status_code == 400
    assert client.get("/api/v2/search/", {"q": "الأسواق", "section": "sports"}).json()["total"] == 0


def test_api_and_page_give_same_hits(client, corpus):
    for query, _ in DONE_WHEN:
        page = client.get("/search/", {"q": query}).context["outcome"]
        api = client.get("/api/v2/search/", {"q": query}).json()
        assert [r["id"] for r in api["results"]] == [r.page.pk for r in page.results]


def test_capped_total_on_page_and_api(client, corpus, monkeypatch):
    """Past BROAD_QUERY matches the count stops: «أكثر من N نتيجة»."""
    from sahifa.search.backends import base

    assert client.get("/api/v2/search/", {"q": "أعلنت"}).json()["total_exact"] is True
    monkeypatch.setattr(base, "BROAD_QUERY", 1)
    response = client.get("/search/", {"q": "أعلنت"})
    assert "أكثر من 1 نتيجة" in response.content.decode()
    api = client.get("/api/v2/search/", {"q": "أعلنت"}).json()
    assert (api["total"], api["total_exact"], len(api["results"])) == (1, False, 1)
