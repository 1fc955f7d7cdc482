"""schema.org JSON-LD, Open Graph and Twitter card data for public pages.

Plain functions that return dicts; the `distribution_head` template tag
serialises them. Reused by the API (image crops) and feeds (share image)."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site

from sahifa.articles.models import ArticlePage
from sahifa.core.models import SahifaImage, SiteSettings
from sahifa.listen.services import audio_object

from . import social
from .urls_util import absolute, base_url, site_for

log = logging.getLogger(__name__)

# Google asks for 16:9, 4:3 and 1:1 crops at least 1200 px wide. `fillup`
# (wagtail_hooks.py) crops to the ratio around the focal point and enlarges a
# smaller source to the exact size: these crops are read by machines, and a
# crop smaller than its URL says is dropped by them (policy: distribution.md).
CROPS = {"16x9": "fillup-1200x675-c0", "4x3": "fillup-1200x900-c0", "1x1": "fillup-1200x1200-c0"}
OG_SPEC = "fillup-1200x630-c0"
LOGO_SPEC = "height-60"
# Without a publisher logo in the site settings, the brand mark ships with
# the site (Google wants a logo of at least 112×112 px).
DEFAULT_LOGO = {"path": "img/icon-512.png", "width": 512, "height": 512}


def isoformat(value) -> str | None:
    """ISO 8601 with the time-zone offset of the site's TIME_ZONE."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def rendition_data(image: SahifaImage, spec: str, request: HttpRequest | None = None) -> dict:
    try:
        rendition = image.get_rendition(spec)
    except Exception:  # noqa: BLE001 - a missing or broken file must not break the page
        log.warning("no rendition %s for image %s", spec, image.pk, exc_info=True)
        return {}
    return {
        "url": absolute(rendition.url, request),
        "width": rendition.width,
        "height": rendition.height,
    }


def image_object(
    image: SahifaImage,
    spec: str,
    request: HttpRequest | None = None,
    caption: str | None = None,
) -> dict:
    """ImageObject of a rendition; `caption` is the caption where the image
    is used (an article's own hero caption), else the image's default."""
    data = rendition_data(image, spec, request)
    if not data:
        return {}
    obj: dict[str, Any] = {
        "@type": "ImageObject",
        "url": data["url"],
        "contentUrl": data["url"],
        "width": data["width"],
        "height": data["height"],
    }
    caption = caption or image.caption
    if caption:
        obj["caption"] = caption
    credit = image.credit
    if credit:
        obj["creditText"] = credit
    if image.photographer:
        obj["creator"] = {"@type": "Person", "name": image.photographer}
    if image.agency:
        obj["copyrightHolder"] = {"@type": "Organization", "name": image.agency}
    return obj


def site_settings(request: HttpRequest | None) -> SiteSettings | None:
    if request is not None and Site.find_for_request(request) is not None:
        # Cached on the request: one query for the page, its tags and feeds.
        return SiteSettings.for_request(request)
    site = site_for(request)
    return SiteSettings.for_site(site) if site else None


def site_name() -> str:
    return settings.WAGTAIL_SITE_NAME


def publisher(request: HttpRequest | None = None) -> dict:
    org: dict[str, Any] = {
        "@type": "NewsMediaOrganization",
        "@id": base_url(request) + "/#publisher",
        "name": site_name(),
        "url": base_url(request) + "/",
    }
    conf = site_settings(request)
    logo = publisher_logo(conf, request)
    if logo:
        org["logo"] = logo
    if conf:
        same_as = [link["url"] for link in conf.follow_links()]
        if same_as:
            org["sameAs"] = same_as
    return org


def publisher_logo(conf: SiteSettings | None, request: HttpRequest | None = None) -> dict:
    """The publisher's logo as an ImageObject: the site settings' logo, else
    the brand mark shipped in static files."""
    if conf and conf.publisher_logo_id:
        logo = image_object(conf.publisher_logo, LOGO_SPEC, request)
        if logo:
            return {k: logo[k] for k in ("@type", "url", "width", "height")}
    return {
        "@type": "ImageObject",
        "url": absolute(static(DEFAULT_LOGO["path"]), request),
        "width": DEFAULT_LOGO["width"],
        "height": DEFAULT_LOGO["height"],
    }


def article_jsonld(page, request: HttpRequest | None = None) -> dict:
    """schema.org NewsArticle for an ArticlePage."""
    url = page.get_full_url(request)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url + "#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": page.title[:110],
        "inLanguage": "ar",
        "isAccessibleForFree": True,
        "publisher": publisher(request),
    }
    if page.dek or page.search_description:
        data["description"] = page.search_description or page.dek
    published = page.first_published_at or page.latest_revision_created_at
    if published:
        data["datePublished"] = isoformat(published)
        data["dateModified"] = isoformat(page.last_updated_at if page.was_updated else published)
    if page.hero_image_id:
        images = [
            image_object(page.hero_image, spec, request, caption=page.caption)
            for spec in CROPS.values()
        ]
        images = [image for image in images if image]
        if images:
            data["image"] = images
    authors = page.authors()
    if authors:
        data["author"] = [
            {
                "@type": "Person",
                "name": author.name,
                "url": absolute(author.get_absolute_url(), request),
                **({"jobTitle": author.role} if author.role else {}),
            }
            for author in authors
        ]
    else:
        data["author"] = [
            {"@type": "Organization", "name": site_name(), "url": base_url(request) + "/"}
        ]
    section = page.section
    if section:
        data["articleSection"] = section.title
    tags = [tag.name for tag in page.tag_list]
    if tags:
        data["keywords"] = tags
    words = page.word_count()
    if words:
        data["wordCount"] = words
    audio = audio_object(page)
    if audio:
        data["audio"] = audio
    return data


def breadcrumb_jsonld(page, request: HttpRequest | None = None) -> dict | None:
    """BreadcrumbList from the home page down to `page`: the same trail as
    the visible breadcrumb (ArticlePage.breadcrumbs), names and URLs alike."""
    crumbs = getattr(page, "breadcrumbs", None)
    if not isinstance(crumbs, list):
        crumbs = [*page.get_ancestors().filter(depth__gt=1), page]
    if len(crumbs) < 2:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": n,
                "name": "الرئيسية" if n == 1 else crumb.title,
                "item": crumb.get_full_url(request),
            }
            for n, crumb in enumerate(crumbs, start=1)
        ],
    }


def website_jsonld(request: HttpRequest | None = None) -> dict:
    root = base_url(request)
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": root + "/#website",
        "url": root + "/",
        "name": site_name(),
        "inLanguage": "ar",
        "publisher": publisher(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": root + reverse("search") + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def to_script(data: dict) -> SafeString:
    """A JSON-LD <script>, safe inside HTML (`<`, `>` and `&` escaped)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


# -- Open Graph / Twitter --------------------------------------------------------
def share_image(page, request: HttpRequest | None = None) -> dict:
    """The picture shown when the page is shared: the editors' social image,
    else (articles) the generated 1200×630 card, else the hero, else the logo."""
    if getattr(page, "social_image_id", None):
        data = rendition_data(page.social_image, OG_SPEC, request)
        if data:
            return {**data, "alt": page.social_image.description or page.social_image.title}
    if isinstance(page, ArticlePage):
        try:
            social.font(40)
        except social.FontUnavailable:
            # No Arabic font on this machine: the hero itself, cropped.
            data = rendition_data(page.hero_image, OG_SPEC, request) if page.hero_image_id else {}
            return {**data, "alt": page.caption or page.title} if data else {}
        return {
            "url": absolute(social.card_url(page), request),
            "width": social.WIDTH,
            "height": social.HEIGHT,
            "alt": page.title,
            "type": "image/png",
        }
    return {}


def og_tags(page, request: HttpRequest | None = None) -> list[tuple[str, str, str]]:
    """(attribute, name, content) triples: property= for og/article, name= for twitter."""
    is_article = isinstance(page, ArticlePage)
    title = page.seo_title or page.title
    description = page.search_description or getattr(page, "dek", "") or getattr(page, "intro", "")
    url = page.get_full_url(request)
    tags: list[tuple[str, str, str]] = [
        ("property", "og:site_name", site_name()),
        ("property", "og:locale", "ar_AR"),
        ("property", "og:type", "article" if is_article else "website"),
        ("property", "og:title", title),
        ("property", "og:url", url),
    ]
    if description:
        tags.append(("property", "og:description", description))
    image = share_image(page, request)
    if image:
        tags += [
            ("property", "og:image", image["url"]),
            ("property", "og:image:width", str(image["width"])),
            ("property", "og:image:height", str(image["height"])),
        ]
        if image.get("type"):
            tags.append(("property", "og:image:type", image["type"]))
        if image.get("alt"):
            tags.append(("property", "og:image:alt", image["alt"]))
    if is_article:
        # Lets search engines and Discover show the large picture.
        tags.append(("name", "robots", "max-image-preview:large"))
        if page.first_published_at:
            tags.append(("property", "article:published_time", isoformat(page.first_published_at)))
        if page.was_updated:
            tags.append(("property", "article:modified_time", isoformat(page.last_updated_at)))
        section = page.section
        if section:
            tags.append(("property", "article:section", section.title))
        for author in page.authors():
            tags.append(
                ("property", "article:author", absolute(author.get_absolute_url(), request))
            )
        for tag in page.tag_list:
            tags.append(("property", "article:tag", tag.name))
    tags.append(("name", "twitter:card", "summary_large_image" if image else "summary"))
    tags.append(("name", "twitter:title", title))
    if description:
        tags.append(("name", "twitter:description", description))
    if image:
        tags.append(("name", "twitter:image", image["url"]))
        if image.get("alt"):
            tags.append(("name", "twitter:image:alt", image["alt"]))
    conf = site_settings(request)
    handle = x_handle(conf.x_url) if conf and conf.x_url else ""
    if handle:
        tags.append(("name", "twitter:site", "@" + handle))
    if is_article:
        authors = [a for a in page.authors() if a.x_handle]
        if authors:
            tags.append(("name", "twitter:creator", "@" + authors[0].x_handle.lstrip("@")))
    return tags


def x_handle(url: str) -> str:
    path = url.rstrip("/").rsplit("/", 1)[-1]
    return path.lstrip("@") if path and "." not in path else ""
