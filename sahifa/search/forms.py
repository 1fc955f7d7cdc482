from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from sahifa.sections.models import SectionPage


class SearchForm(forms.Form):
    """Query string parameters shared by the search page and the API."""

    q = forms.CharField(required=False, max_length=200, label="كلمات البحث")
    section = forms.SlugField(required=False, label="القسم")
    # "from" is a Python keyword: the field is read from the data by name.
    date_from = forms.DateField(required=False, label="من تاريخ")
    to = forms.DateField(required=False, label="إلى تاريخ")
    sort = forms.ChoiceField(
        required=False, choices=[("relevance", "الأقرب صلة"), ("newest", "الأحدث")], label="الترتيب"
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = data.copy()
            if "from" in data:
                data["date_from"] = data.get("from")
        super().__init__(data, **kwargs)

    def clean_section(self):
        slug = self.cleaned_data.get("section")
        if not slug:
            return None
        return SectionPage.objects.live().public().filter(slug=slug).first()

    def search_kwargs(self) -> dict:
        data = self.cleaned_data
        day_from, day_to = data.get("date_from"), data.get("to")
        section = data.get("section")
        return {
            "section_id": section.pk if section else None,
            "date_from": _start_of(day_from) if day_from else None,
            # Inclusive end date: everything before the next midnight.
            "date_to": _start_of(day_to + timedelta(days=1)) if day_to else None,
            "sort": data.get("sort") or "relevance",
            "page": data.get("page") or 1,
        }


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
