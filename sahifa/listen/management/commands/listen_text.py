from urllib.parse import unquote, urlsplit

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from sahifa.articles.models import ArticlePage
from sahifa.listen import services


class Command(BaseCommand):
    help = (
        "Print the exact text the synthesizer receives for an article (after "
        "normalization, before diacritization), one sentence per line, then "
        "the pronunciation lexicon's entries the article uses."
    )

    def add_arguments(self, parser):
        parser.add_argument("url_path", help="the article's path, e.g. /politics/my-story/")

    def handle(self, *args, url_path, **options):
        path = unquote(urlsplit(url_path).path) or "/"
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is None:
            raise CommandError("no site configured")
        full_path = site.root_page.url_path + path.strip("/") + "/"
        page = ArticlePage.objects.filter(url_path=full_path.replace("//", "/")).first()
        if page is None:
            raise CommandError(f"no article at {path}")
        lexicon = services.current_lexicon()
        for sentence in services.spoken_sentences(page, lexicon):
            self.stdout.write(sentence.spoken)
        # The newsroom's pronunciations this article uses, as the audio says them.
        used = lexicon.used("\n".join(services.readable_parts(page)))
        if used:
            self.stdout.write("\nمعجم النطق في هذا المقال:")
            for written, spoken in used:
                self.stdout.write(f"  {written} ← {spoken}")
