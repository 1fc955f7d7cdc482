"""Builds an Arabic WordPress export (WXR 1.2) and its uploads folder for the
tests, modelled on what WordPress 6.x's Tools → Export writes: channel header,
authors, categories (percent-encoded Arabic nicenames), tags, attachments with
their metadata, and posts in every status, written with the block editor
(Gutenberg comments) or the classic editor (wpautop text, shortcodes,
<!--more-->)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from PIL import Image

BASE = "https://old.example.com"
UPLOADS_URL = f"{BASE}/wp-content/uploads"

AUTHORS = [
    ("layla", "ليلى حسن", "layla@example.com"),
    ("omar", "عمر خالد", "omar@example.com"),
    ("newsdesk", "قسم الأخبار", "desk@example.com"),
]
CATEGORIES = [
    ("سياسة", "سياسة"),
    ("اقتصاد", "اقتصاد"),
    ("رياضة", "رياضة"),
    ("ثقافة", "ثقافة"),
    ("uncategorized", "غير مصنف"),
]
TAGS = ["الانتخابات", "النفط", "كرة القدم", "المسرح", "البرلمان", "الموازنة"]
TOPICS = [
    "البرلمان يناقش مشروع قانون الانتخابات الجديد",
    "أسعار النفط ترتفع مع تراجع المخزونات",
    "المنتخب يتأهل إلى نهائي البطولة العربية",
    "مهرجان المسرح يفتتح دورته الخامسة عشرة",
    "الحكومة تعلن موازنة العام المقبل",
    "وزير الخارجية يبحث التعاون الإقليمي",
    "البنك المركزي يثبت أسعار الفائدة",
    "افتتاح معرض الكتاب بمشاركة مئتي دار نشر",
]


def enc(text: str) -> str:
    """WordPress's nicename for Arabic: lower-case percent-encoded UTF-8."""
    return quote(text, safe="").lower()


@dataclass
class Post:
    post_id: int
    title: str
    slug: str
    content: str
    status: str = "publish"
    author: str = "layla"
    date: datetime = field(default_factory=lambda: datetime(2024, 5, 1, 9, 0))
    modified: datetime | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    excerpt: str = ""
    thumbnail_id: int | None = None
    post_type: str = "post"

    @property
    def link(self) -> str:
        if self.post_type == "page":
            return f"{BASE}/{enc(self.slug)}/"
        if self.status in ("draft", "pending", "private"):
            return f"{BASE}/?p={self.post_id}"
        return f"{BASE}/{self.date:%Y/%m/%d}/{enc(self.slug)}/"


@dataclass
class Attachment:
    post_id: int
    path: str  # relative to uploads
    title: str
    caption: str = ""
    alt: str = ""

    @property
    def url(self) -> str:
        return f"{UPLOADS_URL}/{self.path}"


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "0000-00-00 00:00:00"


def build_site(now: datetime, count: int = 56) -> tuple[list[Post], list[Attachment]]:
    """56 post items (49 publish, 3 draft, 2 future, 1 pending, 1 private) plus
    a trashed post and a page, which the importer skips."""
    attachments = [
        Attachment(
            900 + n,
            f"2024/05/photo-{n}.jpg",
            f"صورة رقم {n}",
            caption=f"تعليق الصورة {n}",
            alt=f"وصف بديل {n}",
        )
        for n in range(10)
    ]
    posts: list[Post] = []
    for n in range(count):
        topic = TOPICS[n % len(TOPICS)]
        cat_index = n % 4
        category = CATEGORIES[cat_index][0]
        title = f"{topic} ({n + 1})"
        slug = title.replace(" ", "-").replace("(", "").replace(")", "")
        date = datetime(2024, 1 + n % 6, 1 + n % 27, 8 + n % 10, 15)
        attachment = attachments[n % len(attachments)]
        if n % 3 == 0:
            # Block editor (Gutenberg) content.
            content = (
                "<!-- wp:paragraph -->\n<p>قال مصدر مطلع إن <strong>الاجتماع</strong> سيعقد يوم الأحد المقبل، "
                f"وفق ما نقلته الوكالات في {date:%Y}.</p>\n<!-- /wp:paragraph -->\n\n"
                "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n\n"
                '<!-- wp:heading -->\n<h2 class="wp-block-heading">تفاصيل الخبر</h2>\n<!-- /wp:heading -->\n\n'
                f'<!-- wp:image {{"id":{attachments[(n + 1) % 10].post_id},"sizeSlug":"medium"}} -->\n'
                f'<figure class="wp-block-image size-medium"><img src="{attachments[(n + 1) % 10].url.replace(".jpg", "-300x200.jpg")}" '
                f'alt="صورة داخل المتن" class="wp-image-{attachments[(n + 1) % 10].post_id}"/>'
                '<figcaption class="wp-element-caption">صورة من موقع الحدث</figcaption></figure>\n<!-- /wp:image -->\n\n'
                '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>نحن ملتزمون بالشفافية الكاملة</p><cite>المتحدث الرسمي</cite></blockquote>\n<!-- /wp:quote -->\n\n'
                '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc123","type":"video"} -->\n'
                '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=abc123\n</div></figure>\n<!-- /wp:embed -->'
            )
        elif n % 3 == 1:
            # Classic editor: wpautop text, caption and embed shortcodes, more tag.
            content = (
                "أعلنت الجهات المختصة اليوم عن تفاصيل جديدة تتعلق بالموضوع.\n"
                "وأضافت في بيان رسمي أن العمل مستمر.\n\n"
                "<!--more-->\n\n"
                f'[caption id="attachment_{attachments[(n + 2) % 10].post_id}" align="aligncenter" width="300"]'
                f'<a href="{attachments[(n + 2) % 10].url}"><img class="size-medium" src="{attachments[(n + 2) % 10].url}" '
                f'alt="صورة أرشيفية" width="300" height="200" /></a> صورة أرشيفية للموقع[/caption]\n\n'
                "وأشار المتحدث إلى أن <em>النتائج الأولية</em> مشجعة.\n\n"
                '[contact-form-7 id="12" title="اتصل بنا"]\n\n'
                "[embed]https://www.youtube.com/watch?v=xyz789[/embed]\n\n"
                '[su_note note_color="#eee"]ملاحظة المحرر: يتابع الموقع تطورات الخبر.[/su_note]'
            )
        else:
            # A post linking to the previous one and showing a gallery.
            previous = posts[-1]
            content = (
                "<p>في سياق متصل، تابعت الأوساط السياسية التطورات عن كثب.</p>\n"
                f'<p>اقرأ أيضاً: <a href="{previous.link}">{escape(previous.title)}</a></p>\n'
                f'[gallery ids="{attachments[3].post_id},{attachments[4].post_id}"]\n'
                f'<p>وللمزيد راجع <a href="{BASE}/?p={previous.post_id}">الخبر السابق</a> وموقع '
                '<a href="https://www.un.org/ar/">الأمم المتحدة</a>.</p>'
            )
        status = "publish"
        if n in (5, 17, 33):
            status = "draft"
        elif n in (8, 40):
            status = "future"
            date = now + timedelta(days=3 + n % 5)
        elif n == 21:
            status = "pending"
        elif n == 50:
            status = "private"
        tags = [TAGS[n % len(TAGS)], TAGS[(n + 2) % len(TAGS)]]
        posts.append(
            Post(
                post_id=100 + n,
                title=title,
                slug=slug,
                content=content,
                status=status,
                author=AUTHORS[n % 3][0],
                date=date,
                modified=date + (timedelta(days=2) if n % 4 == 0 else timedelta(minutes=1)),
                categories=[category] if n % 11 else [category, "ثقافة"],
                tags=tags,
                excerpt="ملخص مكتوب بيد المحرر لهذا الخبر." if n % 5 == 0 else "",
                thumbnail_id=attachment.post_id if n % 7 != 3 else None,
            )
        )
    # Posts with only «Uncategorized».
    posts[min(54, len(posts) - 1)].categories = ["uncategorized"]
    posts.append(
        Post(
            post_id=990,
            title="خبر محذوف",
            slug="deleted",
            content="<p>x</p>",
            status="trash",
            categories=["سياسة"],
        )
    )
    posts.append(
        Post(
            post_id=991, title="من نحن", slug="about", content="<p>صفحة ثابتة</p>", post_type="page"
        )
    )
    return posts, attachments


def write_export(
    directory: Path, now: datetime | None = None, count: int = 56
) -> tuple[Path, Path, list[Post]]:
    """Write `export.xml` and `uploads/` into `directory` (`count` post items
    besides the trashed post and the page)."""
    now = now or datetime.utcnow()
    posts, attachments = build_site(now, count)
    uploads = directory / "uploads"
    for n, attachment in enumerate(attachments):
        target = uploads / attachment.path
        target.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (640, 400), (30 + 20 * n, 90, 140)).save(target, "JPEG")
        # WordPress's intermediate size next to the original.
        Image.new("RGB", (300, 200), (30 + 20 * n, 90, 140)).save(
            target.with_name(target.stem + "-300x200.jpg"), "JPEG"
        )
    items = []
    for attachment in attachments:
        items.append(
            f"""
	<item>
		<title>{_cdata(attachment.title)}</title>
		<link>{BASE}/?attachment_id={attachment.post_id}</link>
		<pubDate>Wed, 01 May 2024 08:00:00 +0000</pubDate>
		<dc:creator>{_cdata("layla")}</dc:creator>
		<guid isPermaLink="false">{attachment.url}</guid>
		<description></description>
		<content:encoded>{_cdata("")}</content:encoded>
		<excerpt:encoded>{_cdata(attachment.caption)}</excerpt:encoded>
		<wp:post_id>{attachment.post_id}</wp:post_id>
		<wp:post_date>{_cdata("2024-05-01 11:00:00")}</wp:post_date>
		<wp:post_date_gmt>{_cdata("2024-05-01 08:00:00")}</wp:post_date_gmt>
		<wp:post_name>{_cdata(attachment.path.rsplit("/", 1)[1].split(".")[0])}</wp:post_name>
		<wp:status>{_cdata("inherit")}</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type>{_cdata("attachment")}</wp:post_type>
		<wp:attachment_url>{_cdata(attachment.url)}</wp:attachment_url>
		<wp:postmeta>
			<wp:meta_key>{_cdata("_wp_attached_file")}</wp:meta_key>
			<wp:meta_value>{_cdata(attachment.path)}</wp:meta_value>
		</wp:postmeta>
		<wp:postmeta>
			<wp:meta_key>{_cdata("_wp_attachment_image_alt")}</wp:meta_key>
			<wp:meta_value>{_cdata(attachment.alt)}</wp:meta_value>
		</wp:postmeta>
	</item>"""
        )
    for post in posts:
        cats = "".join(
            f'\n\t\t<category domain="category" nicename="{enc(c)}">{_cdata(dict(CATEGORIES)[c])}</category>'
            for c in post.categories
        )
        tags = "".join(
            f'\n\t\t<category domain="post_tag" nicename="{enc(t.replace(" ", "-"))}">{_cdata(t)}</category>'
            for t in post.tags
        )
        thumb = (
            f"\n\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>{_cdata('_thumbnail_id')}</wp:meta_key>\n"
            f"\t\t\t<wp:meta_value>{_cdata(str(post.thumbnail_id))}</wp:meta_value>\n\t\t</wp:postmeta>"
            if post.thumbnail_id
            else ""
        )
        gmt = post.date - timedelta(hours=3)  # the blog's time zone is Asia/Riyadh
        unpublished = post.status in ("draft", "pending")
        items.append(
            f"""
	<item>
		<title>{_cdata(post.title)}</title>
		<link>{post.link}</link>
		<pubDate>{gmt:%a, %d %b %Y %H:%M:%S} +0000</pubDate>
		<dc:creator>{_cdata(post.author)}</dc:creator>
		<guid isPermaLink="false">{BASE}/?p={post.post_id}</guid>
		<description></description>
		<content:encoded>{_cdata(post.content)}</content:encoded>
		<excerpt:encoded>{_cdata(post.excerpt)}</excerpt:encoded>
		<wp:post_id>{post.post_id}</wp:post_id>
		<wp:post_date>{_cdata(_date(post.date))}</wp:post_date>
		<wp:post_date_gmt>{_cdata(_date(None if unpublished else gmt))}</wp:post_date_gmt>
		<wp:post_modified>{_cdata(_date(post.modified))}</wp:post_modified>
		<wp:post_modified_gmt>{_cdata(_date(post.modified - timedelta(hours=3) if post.modified else None))}</wp:post_modified_gmt>
		<wp:comment_status>{_cdata("open")}</wp:comment_status>
		<wp:ping_status>{_cdata("open")}</wp:ping_status>
		<wp:post_name>{_cdata(enc(post.slug) if not unpublished else "")}</wp:post_name>
		<wp:status>{_cdata(post.status)}</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type>{_cdata(post.post_type)}</wp:post_type>
		<wp:post_password>{_cdata("")}</wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>{cats}{tags}{thumb}
		<wp:postmeta>
			<wp:meta_key>{_cdata("_edit_last")}</wp:meta_key>
			<wp:meta_value>{_cdata("1")}</wp:meta_value>
		</wp:postmeta>
		<wp:comment>
			<wp:comment_id>{post.post_id * 10}</wp:comment_id>
			<wp:comment_author>{_cdata("قارئ")}</wp:comment_author>
			<wp:comment_content>{_cdata("تعليق من قارئ")}</wp:comment_content>
		</wp:comment>
	</item>"""
        )
    authors = "".join(
        f"""
	<wp:author><wp:author_id>{n + 1}</wp:author_id><wp:author_login>{_cdata(login)}</wp:author_login><wp:author_email>{_cdata(email)}</wp:author_email><wp:author_display_name>{_cdata(name)}</wp:author_display_name><wp:author_first_name>{_cdata("")}</wp:author_first_name><wp:author_last_name>{_cdata("")}</wp:author_last_name></wp:author>"""
        for n, (login, name, email) in enumerate(AUTHORS)
    )
    categories = "".join(
        f"""
	<wp:category><wp:term_id>{n + 1}</wp:term_id><wp:category_nicename>{_cdata(enc(slug))}</wp:category_nicename><wp:category_parent>{_cdata("")}</wp:category_parent><wp:cat_name>{_cdata(name)}</wp:cat_name></wp:category>"""
        for n, (slug, name) in enumerate(CATEGORIES)
    )
    tag_terms = "".join(
        f"""
	<wp:tag><wp:term_id>{n + 20}</wp:term_id><wp:tag_slug>{_cdata(enc(t.replace(" ", "-")))}</wp:tag_slug><wp:tag_name>{_cdata(t)}</wp:tag_name></wp:tag>"""
        for n, t in enumerate(TAGS)
    )
    xml = f"""<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->
<!-- generator="WordPress/6.5.3" created="2024-06-01 10:00" -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>جريدة المثال</title>
	<link>{BASE}</link>
	<description>أخبار على مدار الساعة</description>
	<pubDate>Sat, 01 Jun 2024 10:00:00 +0000</pubDate>
	<language>ar</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>{BASE}</wp:base_site_url>
	<wp:base_blog_url>{BASE}</wp:base_blog_url>
{authors}{categories}{tag_terms}
	<generator>https://wordpress.org/?v=6.5.3</generator>
{"".join(items)}
</channel>
</rss>
"""
    path = directory / "export.xml"
    path.write_text(xml, encoding="utf-8")
    return path, uploads, posts
