from django.db import migrations


def load(apps, schema_editor):
    from sahifa.listen.lexicon_starter import ARABIC_STARTER_LEXICON

    Entry = apps.get_model("listen", "PronunciationEntry")
    for term, spoken in ARABIC_STARTER_LEXICON.items():
        # A newsroom's own entry for the same word is kept.
        Entry.objects.get_or_create(term=term, defaults={"spoken": spoken})


def unload(apps, schema_editor):
    from sahifa.listen.lexicon_starter import ARABIC_STARTER_LEXICON

    Entry = apps.get_model("listen", "PronunciationEntry")
    for term, spoken in ARABIC_STARTER_LEXICON.items():
        Entry.objects.filter(term=term, spoken=spoken).delete()


class Migration(migrations.Migration):
    dependencies = [("listen", "0002_starter_lexicon")]

    operations = [migrations.RunPython(load, unload)]
