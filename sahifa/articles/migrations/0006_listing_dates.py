"""The article's first_published_at copied into its tag and author links,
with a (tag | author, date, article) index each: a tag or author page, at
any depth, is one index range (docs/operations.md, Scaling). The copy is
filled here for existing links, before the indexes are built.

Database triggers keep the copy equal to the page's date, whatever writes
it: a publication, an editor or importer setting the date, a queryset
`update()`, bulk SQL (bench/million.py). A link row takes the date of its
article when inserted or moved to another article; a page's date change
is copied to its links."""

from django.db import migrations, models

from sahifa.articles.listing_dates import backfill, create_triggers, drop_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_article_corrections"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="articleauthor",
            name="first_published_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="articlepagetag",
            name="first_published_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="articleauthor",
            index=models.Index(
                models.F("author"),
                models.OrderBy(models.F("first_published_at"), descending=True),
                models.OrderBy(models.F("page"), descending=True),
                name="articles_author_listing",
            ),
        ),
        migrations.AddIndex(
            model_name="articlepagetag",
            index=models.Index(
                models.F("tag"),
                models.OrderBy(models.F("first_published_at"), descending=True),
                models.OrderBy(models.F("content_object"), descending=True),
                name="articles_tag_listing",
            ),
        ),
    ]
