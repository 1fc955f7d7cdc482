"""One pre_save hook that applies the clean-text rule (`text.py`) to what
the admin, the importers and any script save: every text field of Sahifa's
own models (pages, images, authors, snippets, settings), StreamField values
(rich text and block JSON strings), Wagtail page revisions (drafts saved in
the editor) and tag names."""

from __future__ import annotations

from django.db import models
from django.db.models.signals import post_save, pre_save
from taggit.models import Tag
from wagtail.blocks import StreamValue
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.fields import StreamField
from wagtail.models import Revision, Site

from .text import clean_data, clean_text, is_clean

_THIRD_PARTY = (Revision, Tag)


def clean_instance(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw or not (sender.__module__.startswith("sahifa.") or issubclass(sender, _THIRD_PARTY)):
        return
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if isinstance(field, StreamField):
            if isinstance(value, StreamValue):
                data = value.get_prep_value()
                cleaned = clean_data(data)
                if cleaned != data:
                    setattr(instance, field.attname, cleaned)
        elif isinstance(field, models.JSONField):
            if value is not None:
                cleaned = clean_data(value)
                if cleaned != value:
                    setattr(instance, field.attname, cleaned)
        elif isinstance(value, str) and not is_clean(value):
            setattr(instance, field.attname, clean_text(value))
    if isinstance(instance, Tag) and not instance.slug:
        # A name of punctuation only («<>!») slugifies to "", and every tag
        # link (/tags/<slug>/) would fail to reverse. On a clash taggit
        # retries with `_1`, `_2`…
        instance.slug = "_0"


def create_site_settings(sender, instance, created: bool = False, raw: bool = False, **kwargs):
    """Every site setting's row exists from the site's creation: Wagtail's
    `for_site()` would otherwise create it on the first reader's request — a
    write, waiting for the write lock behind an import."""
    if raw:
        return
    for model in settings_registry:
        if issubclass(model, BaseSiteSetting):
            model.objects.get_or_create(site=instance)


def register() -> None:
    pre_save.connect(clean_instance, dispatch_uid="sahifa.core.clean_instance")
    post_save.connect(create_site_settings, sender=Site, dispatch_uid="sahifa.core.site_settings")
