from django.db import models


class TSVectorField(models.Field):
    """`tsvector` on PostgreSQL; an unused text column elsewhere (SQLite
    keeps its terms in an FTS5 table instead)."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class SearchEntry(models.Model):
    """One live article as the search index sees it: the original text for
    snippets and the analyzed shadow text (sahifa.analysis) that both
    engines index, so SQLite and PostgreSQL match the same terms."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    section = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_published_at = models.DateTimeField(null=True, db_index=True)
    title = models.TextField()
    dek = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Shadow text: space-separated analyzed terms.
    title_terms = models.TextField(blank=True)
    dek_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    lemma_terms = models.TextField(blank=True)
    # Per title/dek/body term, how it was written (query.form_code), "|"
    # between the fields: ranking prefers the typed form of a word.
    term_forms = models.TextField(blank=True)
    autocomplete = models.TextField(blank=True)
    # PostgreSQL only: weighted shadow vector (A title, B dek, C body, D lemmas)
    # and the autocomplete vector, both under GIN indexes.
    document = TSVectorField(null=True, editable=False)
    autocomplete_document = TSVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)
    # sahifa.analysis.fingerprint() of the analyzer that wrote the shadow
    # text: another one means the entry is stale (search_rebuild --if-stale).
    analyzer = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name = "مدخل فهرس البحث"
        verbose_name_plural = "فهرس البحث"
        indexes = [models.Index(fields=["section", "first_published_at"])]

    def __str__(self):
        return self.title
