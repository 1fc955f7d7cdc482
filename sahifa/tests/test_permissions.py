"""The permission matrix: anonymous, writer, editor and admin (the newsroom
roles of sahifa/newsroom) against every admin view that matters and every
API endpoint, each with the expected answer: the login page, refused, or
allowed. Sahifa's own admin URLs and the API routes are read from the URL
conf, so a new one fails here until it is given its row."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.documents import get_document_model

from sahifa.authors.models import Author
from sahifa.listen.models import PronunciationEntry
from sahifa.newsroom.services import ADMINS, EDITORS, WRITERS

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "writer", "editor", "admin")
LOGIN, DENIED, OK = "login", "denied", "ok"
# Shorthands for rows: who gets OK; everyone else signed in is DENIED.
ALL = ("writer", "editor", "admin")
PUBLISHERS = ("editor", "admin")
ADMIN_ONLY = ("admin",)
NOBODY = ()


@pytest.fixture
def site(section, make_article, make_image):
    people = {}
    for role, group in (("writer", WRITERS), ("editor", EDITORS), ("admin", ADMINS)):
        user = get_user_model().objects.create_user(role, password="x")
        user.groups.add(Group.objects.get(name=group))
        people[role] = user
    image = make_image()
    article = make_article(title="خبر منشور", hero=image)
    draft = make_article(title="مسودة الكاتب", publish=False)
    draft.owner = people["writer"]
    draft.save(update_fields=["owner"])
    document = get_document_model().objects.create(
        title="وثيقة", file=ContentFile(b"doc", name="doc.txt")
    )
    author = Author.objects.create(name="كاتب", slug="katib")
    entry = PronunciationEntry.objects.create(term="ناسا", spoken="نَاسَا")
    yield {
        "people": people,
        "section": section,
        "site": section.get_site(),
        "article": article,
        "draft": draft,
        "image": image,
        "document": document,
        "author": author,
        "entry": entry,
    }
    image.file.delete(save=False)
    document.file.delete(save=False)


# (name, args from the site fixture, roles allowed). Anonymous always gets
# the login page.
ADMIN_VIEWS = [
    ("wagtailadmin_home", [], ALL),
    ("wagtailadmin_explore", ["section"], ALL),
    ("wagtailadmin_pages:add", ["'articles'", "'articlepage'", "section"], ALL),
    ("wagtailadmin_pages:edit", ["draft"], ALL),  # the writer's own draft
    ("wagtailadmin_pages:edit", ["article"], PUBLISHERS),  # someone else's story
    ("wagtailadmin_pages:unpublish", ["article"], PUBLISHERS),
    ("wagtailadmin_pages:delete", ["article"], PUBLISHERS),
    ("wagtailadmin_pages:move", ["article"], PUBLISHERS),
    ("wagtailadmin_pages:copy", ["article"], PUBLISHERS),
    ("wagtailadmin_pages:history", ["article"], PUBLISHERS),
    ("wagtailadmin_pages:lock", ["article"], NOBODY),  # POST only
    ("wagtailsnippets_authors_author:list", [], ALL),
    ("wagtailsnippets_authors_author:add", [], PUBLISHERS),
    ("wagtailsnippets_authors_author:edit", ["author"], PUBLISHERS),
    ("wagtailsnippets_authors_author:delete", ["author"], ADMIN_ONLY),
    ("wagtailsnippets_listen_pronunciationentry:list", [], NOBODY),
    ("wagtailsnippets_listen_pronunciationentry:add", [], NOBODY),
    ("wagtailsnippets_listen_pronunciationentry:edit", ["entry"], NOBODY),
    ("wagtailimages:index", [], ALL),
    ("wagtailimages:add", [], ALL),
    ("wagtailimages:edit", ["image"], PUBLISHERS),
    ("wagtailimages:delete", ["image"], PUBLISHERS),
    ("wagtaildocs:index", [], NOBODY),
    ("wagtaildocs:edit", ["document"], NOBODY),
    ("wagtailusers_users:index", [], ADMIN_ONLY),
    ("wagtailusers_users:add", [], ADMIN_ONLY),
    ("wagtailusers_users:edit", ["writer"], ADMIN_ONLY),
    ("wagtailusers_groups:index", [], NOBODY),
    ("wagtailsettings:edit", ["'core'", "'sitesettings'", "site"], ADMIN_ONLY),
    ("wagtailsites:index", [], NOBODY),
    ("wagtailredirects:index", [], ADMIN_ONLY),
    ("wagtailadmin_workflows:index", [], NOBODY),
    ("wagtailadmin_workflows:task_index", [], NOBODY),
    ("wagtailadmin_reports:locked_pages", [], PUBLISHERS),
    # Wagtail's own: every newsroom member sees what waits and what aged.
    ("wagtailadmin_reports:workflow", [], ALL),
    ("wagtailadmin_reports:site_history", [], ALL),
    ("wagtailadmin_reports:aging_pages", [], ALL),
    ("audience_admin:export", [], PUBLISHERS),
    ("audience_admin:article", ["article"], PUBLISHERS),
    ("audience_admin:article_export", ["article"], PUBLISHERS),
    ("listen_admin:report", [], PUBLISHERS),
    ("listen_admin:report_results", [], PUBLISHERS),
    ("newsroom_2fa:setup", [], ALL),
]

# Every Sahifa admin route (our hooks) must appear above.
OWN_ADMIN_NAMESPACES = ("audience_admin", "listen_admin", "newsroom_2fa")


def resolve_args(site, args):
    values = []
    for arg in args:
        if arg.startswith("'"):
            values.append(arg.strip("'"))
        elif arg in site["people"]:
            values.append(site["people"][arg].pk)
        else:
            values.append(site[arg].pk)
    return values


def outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return LOGIN
        # Wagtail answers some refusals with a redirect to the dashboard
        # and an error message.
        if location == reverse("wagtailadmin_home"):
            return DENIED
    if response.status_code in (403, 405):
        return DENIED
    return f"unexpected {response.status_code} {response.get('Location', '')}"


def expected(role, allowed):
    if role == "anonymous":
        return LOGIN
    return OK if role in allowed else DENIED


def matrix(client, site, views):
    found, wanted = {}, {}
    for name, args, allowed in views:
        url = reverse(name, args=resolve_args(site, args))
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(site["people"][role])
            key = (name, " ".join(args), role)
            found[key] = outcome(client.get(url))
            wanted[key] = expected(role, allowed)
    return found, wanted


def test_admin_permission_matrix(client, site):
    found, wanted = matrix(client, site, ADMIN_VIEWS)
    wrong = {key: (found[key], wanted[key]) for key in found if found[key] != wanted[key]}
    assert not wrong, "\n".join(
        f"{key}: got {got}, expected {want}" for key, (got, want) in wrong.items()
    )


def test_writers_cannot_act_by_direct_post(client, site):
    """The confirmation pages are refused above; the POSTs behind them too."""
    article, writer = site["article"], site["people"]["writer"]
    client.force_login(writer)
    for name in ("unpublish", "delete", "lock"):
        response = client.post(reverse(f"wagtailadmin_pages:{name}", args=[article.pk]))
        assert outcome(response) == DENIED, name
    article.refresh_from_db()
    assert article.live and not article.locked
    response = client.post(
        reverse(
            "wagtailadmin_pages:move_confirm", args=[article.pk, site["section"].get_parent().pk]
        )
    )
    assert outcome(response) == DENIED
    assert article.get_parent().pk == site["section"].pk


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name


def test_every_sahifa_admin_view_is_in_the_matrix():
    listed = {name for name, _, _ in ADMIN_VIEWS}
    ours = {
        name
        for route, name in walk(get_resolver().url_patterns)
        if route.startswith("admin/") and name and name.split(":")[0] in OWN_ADMIN_NAMESPACES
    }
    # The verification step is only reached half-signed-in (test_accounts.py).
    missing = ours - listed - {"newsroom_2fa:verify"}
    assert not missing, missing


# -- the API: public and read-only, the same for everyone --------------------------
def api_routes():
    return sorted(
        (route, name)
        for route, name in walk(get_resolver().url_patterns)
        if route.startswith("api/")
    )


def api_url(name, site):
    kind = name.split(":")[-2] if name.count(":") >= 2 else ""
    target = {"pages": site["article"], "articles": site["article"], "images": site["image"]}
    if name.endswith(":detail"):
        return reverse(name, args=[target[kind].pk])
    if name.endswith(":find"):
        if kind == "images":
            return reverse(name) + f"?id={site['image'].pk}"
        return reverse(name) + f"?html_path={site['article'].url}"
    if name == "search_api":
        return reverse(name) + "?q=خبر"
    return reverse(name)


def test_api_answers_everyone_alike_and_never_shows_drafts(client, site):
    routes = api_routes()
    assert len(routes) >= 11  # pages, articles, images × 3, search, OpenAPI
    for route, name in routes:
        url = api_url(name, site)
        bodies = {}
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(site["people"][role])
            response = client.get(url, follow=True)
            assert response.status_code == 200, (route, role, response.status_code)
            bodies[role] = response.content
        assert len(set(bodies.values())) == 1, route
        assert "مسودة الكاتب".encode() not in bodies["anonymous"]
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(site["people"][role])
        for kind in ("pages", "articles"):
            detail = reverse(f"distribution_api:{kind}:detail", args=[site["draft"].pk])
            assert client.get(detail).status_code == 404, (role, kind)


def test_reports_are_offered_only_to_those_who_may_open_them(client, site):
    links = (reverse("audience_admin:export"), reverse("listen_admin:report"))
    for role, shown in (("writer", False), ("editor", True), ("admin", True)):
        client.force_login(site["people"][role])
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
        assert all((link in dashboard) == shown for link in links), role
