"""Everything a restore must bring back, as plain JSON: every article (its
content), every revision, every image and rendition, every audio file, and
every media file by checksum. Run in the test for the source site, and in a
subprocess against the restored one:

    python -c "import django; django.setup(); \
        from sahifa.backup.tests.fingerprint import main; main()"
"""

import hashlib
import json
import os
import sys
from pathlib import Path

from django.conf import settings
from wagtail.images import get_image_model
from wagtail.models import Revision

from sahifa.articles.models import ArticlePage
from sahifa.listen.models import ArticleAudio


def _sha(field) -> str | None:
    if not field:
        return None
    with field.open("rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def site_fingerprint() -> dict:
    image_model = get_image_model()
    articles = [
        {
            "id": page.pk,
            "title": page.title,
            "slug": page.slug,
            "url_path": page.url_path,
            "live": page.live,
            "dek": page.dek,
            "body": json.dumps(list(page.body.raw_data), sort_keys=True, ensure_ascii=False),
            "hero_image": page.hero_image_id,
            "tags": sorted(page.tags.names()),
            "first_published_at": page.first_published_at and page.first_published_at.isoformat(),
            "last_updated_at": page.last_updated_at and page.last_updated_at.isoformat(),
            "latest_revision": page.latest_revision_id,
        }
        for page in ArticlePage.objects.order_by("pk")
    ]
    revisions = [
        {
            "id": revision.pk,
            "object": [revision.content_type.model, revision.object_id],
            "created_at": revision.created_at.isoformat(),
            "content": json.dumps(revision.content, sort_keys=True, ensure_ascii=False),
        }
        for revision in Revision.objects.select_related("content_type").order_by("pk")
    ]
    images = [
        {
            "id": image.pk,
            "title": image.title,
            "file": image.file.name,
            "sha256": _sha(image.file),
            "renditions": sorted(
                [r.filter_spec, r.file.name, _sha(r.file)] for r in image.renditions.all()
            ),
        }
        for image in image_model.objects.order_by("pk")
    ]
    audio = [
        {
            "page": item.page_id,
            "status": item.status,
            "audio": [item.audio.name, _sha(item.audio)],
            "timings": [item.timings.name, _sha(item.timings)],
        }
        for item in ArticleAudio.objects.order_by("page_id")
    ]
    root = Path(settings.MEDIA_ROOT)
    media = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            media[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return {
        "articles": articles,
        "revisions": revisions,
        "images": images,
        "audio": audio,
        "media": dict(sorted(media.items())),
    }


def main() -> None:
    sys.stdout.write(json.dumps(site_fingerprint(), ensure_ascii=False) + "\n")
