"""Names as a newsreader says them (issue 16): a Latin gloss after the
Arabic name is read once, the newsroom lexicon corrects Arabic spellings
for speech and its marks win over the diacritizer."""

import pytest

from sahifa.listen.lexicon_starter import STARTER_LEXICON
from sahifa.listen.normalize import Lexicon, keep_written_marks, normalize

LEXICON = Lexicon({**STARTER_LEXICON, "غورنال": "جُورْنَال"})


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("قال إيلون ماسك Elon Musk إن الشركة", "قال إيلون ماسك إن الشركة"),
        ("قال إيلون ماسك (Elon Musk) إن الشركة", "قال إيلون ماسك إن الشركة"),
        ("أعلنت غوغل (Google) أمس", "أعلنت غوغل أمس"),  # the lexicon's reading
        ("وصرّح مدرب النادي ماركو بيلاندي (Marco Bellandi)", "وصرّح مدرب النادي ماركو بيلاندي"),
        ("ذكرت وكالة رويترز (Reuters) أن", "ذكرت وكالة رويترز أن"),
    ],
)
def test_a_gloss_repeating_the_arabic_name_is_read_once(written, spoken):
    assert normalize(written, LEXICON) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        # A Latin name alone is transliterated, once.
        ("قال Elon Musk إن", "قال إلون موسك إن"),
        # A Latin word that is not the Arabic before it is read too.
        ("أطلقت الشركة Orbitra صاروخاً", "أطلقت الشركة أوربيترا صاروخاً"),
        ("وقالت الصحيفة (Financial Times) إن", "وقالت الصحيفة، فينانسيال تيميس، إن"),
    ],
)
def test_other_latin_text_is_still_read(written, spoken):
    assert normalize(written, LEXICON) == spoken


def test_arabic_lexicon_entries_correct_spellings_with_clitics():
    assert normalize("ذكرت غورنال", LEXICON) == "ذكرت جُورْنَال"
    assert normalize("وبحسب وبغورنال", LEXICON) == "وبحسب وبجُورْنَال"
    # Whole words only: a longer word that contains the term is left alone.
    assert normalize("الغورنالات", LEXICON) == "الغورنالات"
    assert LEXICON.used("ذكرت غورنال وTesla") == [("غورنال", "جُورْنَال"), ("Tesla", "تسلا")]


def test_lexicon_marks_win_over_the_diacritizer():
    model = "ذَكَرَتْ جَوْرَنَالُ أَنَّ"  # the model's own (wrong) marks on the name
    # The newsroom's marks on the stem, the model's case ending.
    assert keep_written_marks("ذكرت جُورْنَال أن", model) == "ذَكَرَتْ جُورْنَالُ أَنَّ"
    assert keep_written_marks("ذكرت أن", model) == model
