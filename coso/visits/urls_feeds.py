"""Mounted at /visits/feeds/: the papers of the visits (docx|pdf) and each cadre's calendar
feed (.ics, public behind a secret token) with the page that shows its URL."""

from django.urls import path, register_converter

from coso.visits import calendar, feeds


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
    path("cluster/<int:pk>/<year:year>/<int:month>.<paperfmt:fmt>", feeds.cluster, name="cluster"),
    path("calendar/", calendar.calendar_link, name="calendar_link"),
    path("calendar/regenerate/", calendar.calendar_regenerate, name="calendar_regenerate"),
    path("calendar/<slug:token>.ics", calendar.calendar_feed, name="calendar"),
]
