"""Editor panels: pins and exclusions, read-also and tag suggestions.

Suggestions are computed from the revision being edited when the edit view
renders; accepting one changes the form in the browser (the editor still
saves or publishes), so nothing is written behind the editor's back."""

import json

from django.urls import reverse
from wagtail.admin.panels import HelpPanel, InlinePanel, MultiFieldPanel, Panel

from .suggest import suggest_read_also, suggest_tags


class _SuggestionsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        class Media:
            js = ["related/editor-suggestions.js"]
            css = {"all": ["related/editor-suggestions.css"]}

        def has_text(self) -> bool:
            page = self.instance
            return bool(page.pk and (page.title or page.dek or len(page.body)))


class ReadAlsoSuggestionsPanel(_SuggestionsPanel):
    """Best articles to link from this one, each insertable as a «اقرأ
    أيضاً» body block with one click."""

    class BoundPanel(_SuggestionsPanel.BoundPanel):
        template_name = "related/panels/read_also_suggestions.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            block = self.instance.body.stream_block.child_blocks["read_also"]
            items = []
            if self.has_text():
                for page, score in suggest_read_also(self.instance):
                    value = block.to_python({"page": page.pk, "url": "", "title": ""})
                    items.append(
                        {
                            "page": page,
                            "score": score,
                            "state": json.dumps(block.get_form_state(value)),
                            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                        }
                    )
            context["items"] = items
            context["has_text"] = self.has_text()
            return context


class TagSuggestionsPanel(_SuggestionsPanel):
    """Existing tags found in the text, accepted into the tags field with
    one click."""

    class BoundPanel(_SuggestionsPanel.BoundPanel):
        template_name = "related/panels/tag_suggestions.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["tags"] = suggest_tags(self.instance) if self.has_text() else []
            context["has_text"] = self.has_text()
            return context


related_panels = [
    ReadAlsoSuggestionsPanel(heading="اقتراحات «اقرأ أيضاً»"),
    MultiFieldPanel(
        [
            HelpPanel(
                "تُحسب الأخبار ذات الصلة تلقائياً عند النشر. المقالات المثبتة تظهر أولاً "
                "بالترتيب الذي تختاره، والمستبعدة لا تظهر أبداً. تسري التغييرات عند النشر."
            ),
            InlinePanel("related_pins", label="مقال مثبت", heading="مقالات مثبتة"),
            InlinePanel("related_exclusions", label="مقال مستبعد", heading="مقالات مستبعدة"),
        ],
        heading="أخبار ذات صلة",
    ),
]
