"""The uncached article page: Sahifa's (every block: hero picture, authors,
tags, «اقرأ أيضاً», related stories, most read, JSON-LD, Open Graph) beside
stock Wagtail 8's, side by side in one run, served the same way.

    .venv/bin/python bench/uncached.py [--seconds 10] [--connections 32]

- Sahifa: twice, with the parts of the page kept between renders
  (PART_CACHE_SECONDS=30, the default: what a page purged or expired
  renders with when nothing in those parts changed) and without
  (PART_CACHE_SECONDS=0: every part rendered, as after a site-wide purge);
  a throwaway SQLite copy of the demo newsroom (`load_demo`, then
  `rebuild_related` and `ensure_renditions`, the renditions production makes
  on publish; other tasks are queued, not run, so the article has no audio
  yet and its player block is empty), its reference article
  (urn:sahifa:demo:pol-001), PAGE_CACHE_SECONDS=0.
- Stock: a project made by `wagtail start` in a temporary folder from the
  installed Wagtail, plus one app with a comparable ArticlePage (title,
  intro, hero image rendered with `{% picture %}`, a StreamField body,
  tags, date) and the same article text, its production settings, SQLite.
- Both: granian, 2 WSGI workers × 2 threads (deploy/web.py's defaults),
  wrk -t2 on loopback; queries counted in-process for one warm request.
Target (issue 15): Sahifa ≥ 2× stock's req/s."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from audience_harness import free_port, log, stop, table  # noqa: E402
from audience_ingest import wrk  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GRANIAN = str(ROOT / ".venv" / "bin" / "granian")
WAGTAIL = str(ROOT / ".venv" / "bin" / "wagtail")

COUNT_QUERIES = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
client.get({url!r})
with CaptureQueriesContext(connection) as ctx:
    response = client.get({url!r})
print("QUERIES", response.status_code, len(ctx.captured_queries), len(response.content))
"""

STOCK_MODELS = """
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePage(Page):
    date = models.DateField()
    intro = models.TextField(blank=True)
    author = models.CharField(max_length=200, blank=True)
    hero = models.ForeignKey("wagtailimages.Image", null=True, on_delete=models.SET_NULL, related_name="+")
    body = StreamField([
        ("paragraph", blocks.RichTextBlock()),
        ("heading", blocks.CharBlock()),
        ("quote", blocks.BlockQuoteBlock()),
        ("image", ImageChooserBlock()),
    ], blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
"""

STOCK_TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags wagtailimages_tags %}
{% block content %}
<article>
  <h1>{{ page.title }}</h1>
  <p class="intro">{{ page.intro }}</p>
  <p class="byline">{{ page.author }} · {{ page.date }}</p>
  {% if page.hero %}{% picture page.hero format-{webp,jpeg} width-{480,800,1200,1600} sizes="100vw" %}{% endif %}
  {% for block in page.body %}{% include_block block %}{% endfor %}
  <ul>{% for tag in page.tags.all %}<li>{{ tag }}</li>{% endfor %}</ul>
</article>
{% endblock %}
"""

STOCK_SEED = """
import json
from datetime import date
from io import BytesIO
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page, Site
from news.models import ArticlePage
data = json.loads(open({data!r}).read())
buffer = BytesIO()
PILImage.new("RGB", (1600, 900), (120, 30, 40)).save(buffer, "JPEG")
image = Image.objects.create(title="hero", file=ImageFile(buffer, name="hero.jpg"))
home = Site.objects.get(is_default_site=True).root_page
page = ArticlePage(title=data["title"], slug="article", date=date.today(), intro=data["dek"],
                   author=data["author"], hero=image, body=data["body"])
home.add_child(instance=page)
page.tags.add(*data["tags"])
page.save_revision().publish()
print("URL", page.url)
"""

# The Sahifa article's text, exported for the stock page.
EXPORT = """
import json
from sahifa.articles.models import ArticlePage
page = ArticlePage.objects.get(source_uri="urn:sahifa:demo:pol-001")
body = []
for block in page.body:
    kind = block.block_type
    if kind == "paragraph":
        body.append({"type": "paragraph", "value": str(block.value.source)})
    elif kind == "subheading":
        body.append({"type": "heading", "value": str(block.value)})
    elif kind == "quote":
        body.append({"type": "quote", "value": str(block.value["text"])})
print("DATA", json.dumps({"title": page.title, "dek": page.dek, "url": page.url,
      "author": ", ".join(a.name for a in page.authors()),
      "tags": [t.name for t in page.tags.all()], "body": body}, ensure_ascii=False))
"""


def sahifa_site(workdir: Path) -> tuple[dict, str, dict]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sahifa.settings.dev",
        "SAHIFA_VAR_DIR": str(workdir),
        "DATABASE_URL": f"sqlite:///{workdir / 'sahifa.sqlite3'}",
        "SECRET_KEY": "bench-only-not-secret",
        # Queued, not run: the demo's audio would take minutes of espeak on
        # a loaded machine; related links are rebuilt below in one pass.
        "TASKS_BACKEND": "database",
        "REDIS_URL": "",
        "SAHIFA_AUDIENCE_REDIS_URL": "",
        "ACCESS_LOG": "0",
        "LOG_LEVEL": "WARNING",
        "DEBUG": "0",
        "HOST": "127.0.0.1",
        "PAGE_CACHE_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    }
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "text": True}
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], **run)
    subprocess.run([PY, "manage.py", "setup_site"], **run)
    subprocess.run([PY, "manage.py", "load_demo"], **run)
    subprocess.run([PY, "manage.py", "rebuild_related"], **run)
    # Made on publish in production (a reader's request never makes one).
    subprocess.run([PY, "manage.py", "ensure_renditions"], **run)
    out = subprocess.run([PY, "manage.py", "shell", "-c", EXPORT], **run).stdout
    data = __import__("json").loads(out.split("DATA ", 1)[1])
    return env, data["url"], data


def stock_site(workdir: Path, data: dict) -> tuple[dict, str]:
    project = workdir / "stock"
    project.mkdir()
    subprocess.run([WAGTAIL, "start", "stockproj", str(project)], check=True, capture_output=True)
    news = project / "news"
    (news / "migrations").mkdir(parents=True)
    (news / "templates" / "news").mkdir(parents=True)
    (news / "__init__.py").write_text("")
    (news / "migrations" / "__init__.py").write_text("")
    (news / "models.py").write_text(STOCK_MODELS)
    (news / "templates" / "news" / "article_page.html").write_text(STOCK_TEMPLATE)
    base = project / "stockproj" / "settings" / "base.py"
    base.write_text(
        base.read_text().replace('"home",', '"home",\n    "news",', 1)
        + textwrap.dedent(
            f"""
            DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3",
                                       "NAME": {str(project / "db.sqlite3")!r}}}}}
            ALLOWED_HOSTS = ["*"]
            SECRET_KEY = "bench-only-not-secret"
            MEDIA_ROOT = {str(project / "media")!r}
            """
        )
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO")},
        "DJANGO_SETTINGS_MODULE": "stockproj.settings.production",
        "PYTHONPATH": str(project),
    }
    run = {"cwd": project, "env": env, "check": True, "capture_output": True, "text": True}
    subprocess.run([PY, "manage.py", "makemigrations", "news", "-v0"], **run)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], **run)
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], **run)
    (project / "article.json").write_text(__import__("json").dumps(data, ensure_ascii=False))
    seed = STOCK_SEED.format(data=str(project / "article.json"))
    out = subprocess.run([PY, "manage.py", "shell", "-c", seed], **run).stdout
    url = re.search(r"URL (\S+)", out).group(1)
    env["_CWD"] = str(project)
    return env, url


def queries(env: dict, cwd: Path, url: str) -> tuple[int, int]:
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", COUNT_QUERIES.format(url=url)],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    status, count, size = map(int, re.search(r"QUERIES (\d+) (\d+) (\d+)", out).groups())
    assert status == 200, (url, status)
    return count, size


def serve(env: dict, cwd: Path, target: str, log_path: Path):
    port = free_port()
    command = [
        GRANIAN,
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "2",
        "--blocking-threads",
        "2",
        "--no-ws",
        target,
    ]
    handle = open(log_path, "ab")  # noqa: SIM115
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=handle)
    import http.client
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/")
            conn.getresponse().read()
            time.sleep(1)
            return proc, port
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise RuntimeError(f"server did not start, see {log_path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="sahifa-uncached-"))
    procs = []
    try:
        log("building the Sahifa demo site…")
        s_env, s_url, data = sahifa_site(workdir)
        log("building the stock Wagtail site…")
        w_env, w_url = stock_site(workdir, data)
        w_cwd = Path(w_env.pop("_CWD"))
        rows = []
        s_target = "sahifa.wsgi:application"
        for name, env, cwd, url, target in (
            (
                "Sahifa article, parts kept",
                {**s_env, "PART_CACHE_SECONDS": "30"},
                ROOT,
                s_url,
                s_target,
            ),
            (
                "Sahifa article, every part rendered",
                {**s_env, "PART_CACHE_SECONDS": "0"},
                ROOT,
                s_url,
                s_target,
            ),
            ("stock Wagtail 8 article", w_env, w_cwd, w_url, "stockproj.wsgi:application"),
        ):
            count, size = queries(env, cwd, url)
            proc, port = serve(env, cwd, target, workdir / "web.log")
            procs.append(proc)
            wrk(f"http://127.0.0.1:{port}{url}", 2, args.connections)  # warm every worker
            result = wrk(f"http://127.0.0.1:{port}{url}", args.seconds, args.connections)
            stop(proc)
            rows.append((name, result, count, size))
        stock_rps = rows[-1][1]["rps"]
        print(
            table(
                ["page", "req/s", "× stock", "p50 ms", "p99 ms", "non-2xx", "queries", "HTML KB"],
                [
                    [
                        name,
                        f"{r['rps']:.0f}",
                        f"{r['rps'] / stock_rps:.2f}",
                        f"{r['p50']:.1f}",
                        f"{r['p99']:.1f}",
                        r["non2xx"],
                        count,
                        f"{size / 1024:.1f}",
                    ]
                    for name, r, count, size in rows
                ],
            )
        )
        print(f"\nwrk -t2 -c{args.connections} -d{args.seconds}s; granian 2 workers × 2 threads")
    finally:
        for proc in procs:
            stop(proc)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
