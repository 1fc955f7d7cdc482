"""The default voice reads at a newsreader's pace (issue 16): 120–150
words a minute at 1×, measured over the whole demo by bench/listen_rate.py;
here on one news paragraph, with a margin for a single short text."""

import re

from sahifa.listen.backends.espeak import EspeakEngine
from sahifa.listen.normalize import Lexicon, normalize, split_sentences, terminate

PARAGRAPH = (
    "أعلنت وزارة المالية أمس أن عجز الموازنة تراجع إلى 3.1% من الناتج المحلي "
    "في الربع الثالث، بعد أن بلغ 4.6% في الفترة نفسها من العام الماضي. "
    "وقال وزير المالية في مؤتمر صحفي إن تحسن الإيرادات الضريبية وتراجع أسعار "
    "الطاقة ساعدا الحكومة على الوفاء بالتزاماتها دون اقتراض جديد. "
    "ويتوقع خبراء أن يستمر التحسن حتى نهاية العام إذا بقيت أسعار النفط مستقرة."
)


def test_default_rate_is_a_newsreaders():
    # bench/listen_rate.py: rate 240 reads the demo at 133 wpm, 150 at 83.
    assert EspeakEngine().rate == 240


def test_default_voice_reads_a_news_paragraph_at_newsreader_pace():
    engine = EspeakEngine()
    sentences = [terminate(normalize(s, Lexicon())) for s in split_sentences(PARAGRAPH)]
    samples = sum(len(engine.speak(s)) for s in sentences)
    seconds = samples / engine.sample_rate + engine.sentence_gap * len(sentences)
    words = len(re.findall(r"[\w%.]+", PARAGRAPH))
    assert 110 <= words / seconds * 60 <= 165
