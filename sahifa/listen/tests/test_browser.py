"""The player in a real browser (Debian chromium via Playwright)."""

import pytest
from playwright.sync_api import expect

from sahifa.listen import services
from sahifa.listen.models import ArticleAudio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPHS = [
    "<p>قال رئيس الوزراء إن الحكومة ستقدم مشروع القانون قبل نهاية الشهر. وأضاف أن النقاش سيستمر.</p>",
    "<p>وتضم الهيئة الجديدة 15 عضواً من القطاعين العام والخاص. ومهمتها تقديم توصيات بشأن الفضاء.</p>",
    "<p>وباعت الشركة أكثر من 180 ألف سيارة حتى نهاية 2025. وتوظف اليوم نحو 4200 شخص.</p>",
]

HIGHLIGHTED = """() => {
  const h = CSS.highlights.get('listen-sentence');
  return h ? [...h][0].toString() : null;
}"""


@pytest.fixture
def ranged_media(monkeypatch):
    """Django's live server answers /media/ itself without Range support; route
    audio/ to Sahifa's view, as the site's own URLconf does under make run."""
    from django.test.testcases import _MediaFilesHandler

    from sahifa.listen.views import serve_audio

    original = _MediaFilesHandler.serve

    def serve(self, request):
        path = self.file_path(request.path).replace("\\", "/")
        return serve_audio(request, path) if path.startswith("audio/") else original(self, request)

    monkeypatch.setattr(_MediaFilesHandler, "serve", serve)


@pytest.fixture
def story(make_article, ranged_media):
    page = make_article(
        title="الحكومة تعرض خطتها للفضاء.. ماذا تغير؟",
        dek="خطة جديدة للقطاع.",
        body=[("paragraph", html) for html in PARAGRAPHS],
    )
    record = ArticleAudio.objects.get(page=page)  # generated on commit by the test engine
    assert record.status == ArticleAudio.READY
    return page, services.cues(record)


def test_player_highlights_sentences_and_click_seeks(browser, live_server, story, artifacts_dir):
    article, cues = story
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live_server.url + article.url)

    player = page.locator("section.listen")
    play = page.get_by_role("button", name="استمع للمقال")
    assert play.is_visible()
    assert page.locator("audio.listen-audio").is_hidden()  # replaced by the custom controls
    assert page.get_by_label("موضع الاستماع").is_visible()
    assert page.get_by_label("السرعة").is_visible()
    bar_height = page.locator(".listen-bar").bounding_box()["height"]

    play.click()
    page.wait_for_function(
        "() => document.querySelector('.listen-transcript li[aria-current]') !== null"
    )
    assert page.get_by_role("button", name="إيقاف مؤقت").is_visible()
    assert page.evaluate(HIGHLIGHTED) == cues[0].text  # the headline, highlighted in place

    # A click on a sentence of the transcript seeks there and moves the highlight.
    page.locator(".listen-transcript-box summary").click()
    page.locator(".listen-transcript li").nth(4).click()
    current = page.evaluate("document.querySelector('.listen-audio').currentTime")
    assert current == pytest.approx(cues[4].start, abs=0.3)
    assert page.locator(".listen-transcript li").nth(4).get_attribute("aria-current") == "true"
    assert page.evaluate(HIGHLIGHTED) == cues[4].text

    # A click on a sentence in the article body seeks there too.
    target = cues[7].text
    box = page.evaluate(
        """(text) => {
          const range = document.createRange();
          const walker = document.createTreeWalker(document.querySelector('.article-body'), NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const at = n.data.indexOf(text.slice(0, 10));
            if (at >= 0) { n.parentElement.scrollIntoView({block: 'center'}); range.setStart(n, at); range.setEnd(n, at + 5);
              const r = range.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }
          }
          return null;
        }""",
        target,
    )
    assert box is not None
    page.mouse.click(box["x"], box["y"])
    current = page.evaluate("document.querySelector('.listen-audio').currentTime")
    assert current == pytest.approx(cues[7].start, abs=0.3)
    assert page.evaluate(HIGHLIGHTED) == target

    # Pause, speed, keyboard, and an Arabic time readout.
    page.locator(".listen-play").click()
    expect(page.get_by_role("button", name="متابعة الاستماع")).to_be_visible()
    assert page.evaluate("document.querySelector('.listen-audio').paused")
    page.get_by_label("السرعة").select_option("1.5")
    assert page.evaluate("document.querySelector('.listen-audio').playbackRate") == 1.5
    seek_text = page.get_by_label("موضع الاستماع").get_attribute("aria-valuetext")
    assert " من " in seek_text
    page.get_by_role("button", name="متابعة الاستماع").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="إيقاف مؤقت")).to_be_visible()
    assert page.locator(".listen-bar").bounding_box()["height"] == pytest.approx(bar_height, abs=1)
    player.screenshot(path=artifacts_dir / "listen-player.png")
    context.close()


def test_plain_audio_without_javascript(browser, live_server, story):
    article, _ = story
    record = ArticleAudio.objects.get(page=article)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + article.url)
    audio = page.locator("audio.listen-audio")
    assert audio.is_visible()
    assert audio.get_attribute("src") == record.audio.url
    assert audio.get_attribute("controls") is not None
    assert page.locator(".listen-controls").is_hidden()  # no dead button
    assert page.get_by_text("استمع للمقال").first.is_visible()
    context.close()
