"""Mounted at /visits/feeds/: the papers of the visits (docx|pdf)."""

from django.urls import path, register_converter

from coso.visits import feeds


class FormatConverter:
    regex = "docx|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "paperfmt")

app_name = "visits_feeds"
urlpatterns = [
    path("decision/<int:pk>.<paperfmt:fmt>", feeds.decision, name="decision"),
    path("letter/<int:pk>.<paperfmt:fmt>", feeds.letter, name="letter"),
    path("plan/<int:pk>.<paperfmt:fmt>", feeds.plan, name="plan"),
    path("report/<int:pk>.<paperfmt:fmt>", feeds.report, name="report"),
    path("cluster/<int:pk>/<int:year>/<int:month>.<paperfmt:fmt>", feeds.cluster, name="cluster"),
]
