"""Generate the renditions every public article needs (articles published
before renditions were made on publish, a template that gained a size, a
restored backup). Idempotent and cheap when nothing is missing; `make run`
runs it after load_demo."""

from django.core.management.base import BaseCommand

from sahifa.articles.models import ArticlePage
from sahifa.articles.renditions import ensure_article


class Command(BaseCommand):
    help = "Generate the image renditions that public articles need (never left to readers)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=200, help="articles read per query")

    def handle(self, *args, batch, **options):
        ids = list(ArticlePage.objects.visible().order_by("pk").values_list("pk", flat=True))
        made = 0
        for start in range(0, len(ids), batch):
            pages = ArticlePage.objects.filter(pk__in=ids[start : start + batch]).select_related(
                "hero_image", "social_image"
            )
            for page in pages:
                made += ensure_article(page)
        if options["verbosity"]:
            self.stdout.write(f"{made} renditions made for {len(ids)} public articles")
