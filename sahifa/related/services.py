"""What readers and other apps get: «أخبار ذات صلة» from the stored links
(computed by `index` on publish, or by `rebuild`) with the editor's pins and
exclusions, and where the automatic «اقرأ أيضاً» goes. Reads only; cheap
enough to run on every page view."""

from django.db.models import IntegerField, Value

from sahifa.articles.models import ArticlePage

from .models import RelatedExclusion, RelatedLink, RelatedPin


def pinned_and_excluded(page: ArticlePage) -> tuple[list[int], set[int]]:
    """The editor's pins, in order, and exclusions. Reads the cluster
    children, so it works on live pages and on unsaved preview revisions."""
    pins = [pin.target_id for pin in page.related_pins.all() if pin.target_id]
    excluded = {item.target_id for item in page.related_exclusions.all()}
    return pins, excluded


def _stored(page: ArticlePage) -> tuple[list[int], set[int], list[int]]:
    """Pins, exclusions and the stored ranking in one query for a page read
    from the database; a preview's pins and exclusions live in memory
    (cluster children), so those are read as pinned_and_excluded does."""
    in_memory = getattr(page, "_cluster_related_objects", {})
    if not page.pk or "related_pins" in in_memory or "related_exclusions" in in_memory:
        pins, excluded = pinned_and_excluded(page)
        computed = RelatedLink.objects.filter(page_id=page.pk).values_list("related_id", flat=True)
        return pins, excluded, list(computed)

    def part(model, kind: int, order: str, target: str):
        return (
            model.objects.filter(page_id=page.pk)
            .annotate(kind=Value(kind, output_field=IntegerField()))
            .order_by()
            .values_list("kind", order, "pk", target)
        )

    rows = sorted(
        part(RelatedPin, 0, "sort_order", "target_id").union(
            part(RelatedExclusion, 1, "sort_order", "target_id"),
            part(RelatedLink, 2, "rank", "related_id"),
            all=True,
        ),
        key=lambda row: (row[0], row[1] if row[1] is not None else -1, row[2]),
    )
    pins = [target for kind, _, _, target in rows if kind == 0 and target]
    excluded = {target for kind, _, _, target in rows if kind == 1}
    computed = [target for kind, _, _, target in rows if kind == 2]
    return pins, excluded, computed


def related_articles(page: ArticlePage, limit: int = 6) -> list[ArticlePage]:
    """«أخبار ذات صلة» for `page`: the editor's pins in their order, then the
    stored ranking, without exclusions and without anything the public may
    not see (withdrawn, expired, behind a password or login)."""
    pins, excluded, computed = _stored(page)
    ids = [pk for pk in dict.fromkeys([*pins, *computed]) if pk not in excluded and pk != page.pk]
    ids = ids[: limit + len(pins)]  # room for pins that are no longer live
    found = {p.pk: p for p in ArticlePage.objects.visible().filter(pk__in=ids).for_listing()}
    return [found[pk] for pk in ids if pk in found][:limit]


def linked_read_also(page: ArticlePage) -> set[int]:
    """Articles the body already links as «اقرأ أيضاً»."""
    return page.read_also_ids()


def auto_read_also(
    page: ArticlePage, after: int, related: list[ArticlePage] | None = None
) -> tuple[int, ArticlePage] | None:
    """Where to put the automatic «اقرأ أيضاً» block: (index of the body
    block it follows, target). None when the body already has one, has fewer
    than `after` paragraphs, or nothing related exists."""
    position = page.read_also_position(after)
    if position is None:
        return None
    # `related`: the list the page's «أخبار ذات صلة» block already read.
    related = related_articles(page, limit=1) if related is None else related[:1]
    return (position, related[0]) if related else None
