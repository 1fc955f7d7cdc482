from django.db import migrations


def load(apps, schema_editor):
    from sahifa.listen.lexicon_starter import STARTER_LEXICON

    Entry = apps.get_model("listen", "PronunciationEntry")
    for term, spoken in STARTER_LEXICON.items():
        Entry.objects.get_or_create(term=term, defaults={"spoken": spoken})


def unload(apps, schema_editor):
    from sahifa.listen.lexicon_starter import STARTER_LEXICON

    apps.get_model("listen", "PronunciationEntry").objects.filter(
        term__in=list(STARTER_LEXICON)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("listen", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
