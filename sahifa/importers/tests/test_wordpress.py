"""WordPress WXR import: a 56-item Arabic export with uploads, imported in
one command into an empty site."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from sahifa.articles.models import ArticlePage
from sahifa.core.models import SahifaImage
from sahifa.importers import wxr
from sahifa.importers.types import ImportFailed
from sahifa.importers.wordpress import import_wxr
from sahifa.sections.models import SectionPage

from .wxr_builder import BASE, write_export


@pytest.fixture
def export(tmp_path):
    return write_export(tmp_path, now=datetime.utcnow())


@pytest.fixture
def small_export(tmp_path):
    return write_export(tmp_path, now=datetime.utcnow(), count=14)


# -- parser and content (no database) ----------------------------------------
def test_parse_export(export):
    path, _, posts = export
    data = wxr.parse(path.read_bytes(), "Asia/Riyadh")
    assert len(data.posts) == 56  # trash and the static page are skipped
    assert {p.status for p in data.posts} == {"publish", "draft", "future", "pending", "private"}
    assert data.authors["layla"].display_name == "ليلى حسن"
    assert data.categories["سياسة"].name == "سياسة"  # percent-encoded nicename decoded
    first = data.posts[0]
    assert first.date == datetime(2024, 1, 1, 5, 15, tzinfo=UTC)  # post_date_gmt
    assert first.thumbnail_id == "900"
    assert data.attachments["900"].alt == "وصف بديل 0"
    draft = next(p for p in data.posts if p.status == "draft")
    # Drafts have no GMT date: the local date in the site's zone is used.
    assert draft.date.utcoffset().total_seconds() == 3 * 3600


def test_parse_rejects_non_wxr():
    with pytest.raises(wxr.WxrError, match="not well-formed"):
        wxr.parse("<rss><channel>")
    with pytest.raises(wxr.WxrError, match="no <wp:wxr_version>"):
        wxr.parse("<rss><channel><title>x</title></channel></rss>")
    with pytest.raises(wxr.WxrError):
        wxr.parse('<!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel>&a;</channel></rss>')


def test_more_gutenberg_and_shortcodes():
    teaser, full = wxr.split_more("<p>مقدمة</p><!--more--><p>بقية</p>")
    assert teaser == "<p>مقدمة</p>" and full == "<p>مقدمة</p><p>بقية</p>"
    html = wxr.prepare_html(
        "<!-- wp:paragraph --><p>فقرة</p><!-- /wp:paragraph -->\n\n"
        '[caption id="attachment_1" width="300"]<img src="a.jpg" alt="ب"> شرح الصورة[/caption]\n\n'
        '[contact-form-7 id="1"]\n\n[note]نص داخلي[/note]\n\n[[gallery]]\n\nسطر أول\nسطر ثان'
    )
    assert "wp:paragraph" not in html
    assert '<figure><img src="a.jpg" alt="ب"><figcaption>شرح الصورة</figcaption></figure>' in html
    assert "contact-form" not in html
    assert "<p>نص داخلي</p>" in html
    assert "[gallery]" in html  # escaped shortcode kept as text
    assert "<p>سطر أول<br>سطر ثان</p>" in html
    # Arabic text in square brackets is not a shortcode.
    assert "[ملاحظة]" in wxr.prepare_html("نص [ملاحظة] آخر")


# -- the import --------------------------------------------------------------
@pytest.mark.django_db
def test_import_fifty_posts_in_one_command(export, home, client):
    path, uploads, posts = export
    out, err = StringIO(), StringIO()
    call_command("import_wordpress", str(path), "--uploads", str(uploads), stdout=out, stderr=err)
    assert "56 posts" in out.getvalue()
    assert err.getvalue() == ""  # every image was found

    pages = ArticlePage.objects.all()
    assert pages.count() == 56
    assert pages.filter(live=True).count() == 49
    # Categories became sections under the home page.
    titles = set(SectionPage.objects.values_list("title", flat=True))
    assert {"سياسة", "اقتصاد", "رياضة", "ثقافة", "غير مصنف"} <= titles

    by_id = {int(p.source_uri.rsplit("=", 1)[1]): p for p in pages}
    first = by_id[100]
    assert first.live
    assert first.get_parent().title == "سياسة"
    assert first.first_published_at == datetime(2024, 1, 1, 5, 15, tzinfo=UTC)
    assert first.last_updated_at is not None  # modified two days later
    assert by_id[101].last_updated_at is None  # modified a minute later: not an update
    assert [a.name for a in first.authors()] == ["ليلى حسن"]
    assert set(first.tags.names()) == {"الانتخابات", "كرة القدم"}
    assert first.dek == "ملخص مكتوب بيد المحرر لهذا الخبر."  # the excerpt
    assert (
        by_id[101].dek
        == "أعلنت الجهات المختصة اليوم عن تفاصيل جديدة تتعلق بالموضوع. وأضافت في بيان رسمي أن العمل مستمر."
    )  # before <!--more-->

    # Featured image, with the attachment's caption and alt text.
    assert first.hero_image.caption == "تعليق الصورة 0"
    assert first.hero_image.description == "وصف بديل 0"
    # Gutenberg body: blocks, inline image (the -300x200 size maps to the original), quote, embed.
    kinds = [b.block_type for b in first.body]
    assert kinds == ["paragraph", "subheading", "image", "quote", "embed"]
    image_block = first.body[2].value
    assert image_block["image"].source_uri.endswith("photo-1.jpg")
    assert image_block["caption"] == "صورة من موقع الحدث"
    assert first.body[3].value["attribution"] == "المتحدث الرسمي"
    assert first.body[4].value["url"].startswith("https://www.youtube.com/")
    # Classic post: caption shortcode → image block, unknown shortcodes gone.
    classic = by_id[101]
    kinds = [b.block_type for b in classic.body]
    assert "image" in kinds and "embed" in kinds
    text = str(classic.body.render_as_block())
    assert "contact-form" not in text and "[su_note" not in text and "ملاحظة المحرر" in text
    # Links between posts became page links; the gallery became images.
    linking = by_id[102]
    assert linking.body[1].block_type == "read_also"
    assert linking.body[1].value["page"].pk == by_id[101].pk
    raw = str(linking.body.get_prep_value())
    assert f'linktype="page" id="{by_id[101].pk}"' in raw
    assert [b.block_type for b in linking.body].count("image") == 2

    # Statuses: drafts and pending stay drafts; future posts are scheduled.
    assert not by_id[105].live and by_id[105].has_unpublished_changes
    assert not by_id[121].live
    scheduled = by_id[108]
    assert not scheduled.live
    revision = scheduled.get_latest_revision()
    assert revision.approved_go_live_at and revision.approved_go_live_at > timezone.now()
    assert by_id[154].get_parent().title == "غير مصنف"

    # Images: 10 attachments (plus their intermediate sizes) → 10 images, no duplicates.
    assert SahifaImage.objects.count() == 10

    # Every old post URL answers with a permanent redirect to its new page.
    for post in posts:
        if post.post_type != "post" or post.status not in ("publish",):
            continue
        old_path = post.link.removeprefix(BASE)
        response = client.get(old_path)
        assert response.status_code == 301, old_path
        assert response["Location"] == by_id[post.post_id].url
        target = client.get(response["Location"])
        assert target.status_code == 200
    # Category, tag and author archives too.
    response = client.get("/category/%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9/")
    assert response.status_code == 301 and response["Location"] == first.get_parent().url
    response = client.get("/author/layla/")
    assert response.status_code == 301 and "/authors/" in response["Location"]
    assert Redirect.objects.filter(redirect_link__startswith="/tags/").count() == 6


@pytest.mark.django_db
def test_reimport_is_idempotent(small_export, home):
    path, uploads, _ = small_export
    first = import_wxr(path, uploads)
    counts = (
        ArticlePage.objects.count(),
        SahifaImage.objects.count(),
        Redirect.objects.count(),
        SectionPage.objects.count(),
    )
    revisions = {p.pk: p.live_revision_id for p in first.pages}
    second = import_wxr(path, uploads)
    assert [p.pk for p in second.pages] == [p.pk for p in first.pages]
    assert counts == (
        ArticlePage.objects.count(),
        SahifaImage.objects.count(),
        Redirect.objects.count(),
        SectionPage.objects.count(),
    )
    page = ArticlePage.objects.get(pk=first.pages[1].pk)
    assert page.live and page.last_updated_at is None  # unchanged content: no «آخر تحديث»
    assert page.live_revision_id != revisions[page.pk]  # republished from the export


@pytest.mark.django_db
def test_broken_export_rolls_back_everything(small_export, home):
    path, uploads, _ = small_export
    text = path.read_text(encoding="utf-8")
    # Item 30's title removed: the whole file fails, naming the item.
    broken = text.replace(
        "<title><![CDATA[الحكومة تعلن موازنة العام المقبل (13)]]></title>", "<title></title>"
    )
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        import_wxr(path, uploads)
    assert "item 23 (post 112): title: missing" in str(info.value)
    assert ArticlePage.objects.count() == 0 and SahifaImage.objects.count() == 0
    with pytest.raises(CommandError, match="not well-formed"):
        path.write_text(text[:500], encoding="utf-8")
        call_command("import_wordpress", str(path), "--uploads", str(uploads))


@pytest.mark.django_db
def test_missing_uploads_warn_but_import(small_export, home, tmp_path):
    path, _, _ = small_export
    result = import_wxr(path, tmp_path / "nowhere")
    assert len(result.pages) == 14
    assert result.warnings and "image not found" in result.warnings[0]
    assert SahifaImage.objects.count() == 0
