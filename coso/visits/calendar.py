"""Each cadre's grassroots plan as a calendar feed (.ics) at a private URL, for a phone's
calendar app (issue 3 item 11).

The URL carries a secret token (one per person, ``CalendarToken``): the feed itself needs no
login, since calendar apps cannot sign in. Regenerating the token makes the old URL a 404.
The feed lists the planned trips (not yet recorded) and the recorded visits of the last
year and ahead, as all-day events with stable UIDs, so a phone updates them in place.
"""

import datetime
import secrets

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.visits.models import CalendarToken, PlannedVisit, Visit

# The calendar's product identifier (RFC 5545 PRODID): an identifier, the same in every language.
PRODID = "-//Cơ Sở//Đi cơ sở//VI"
UID_DOMAIN = "coso.doanthanhnien"
LOOK_BACK_DAYS = 366


# --------------------------------------------------------------------------- tokens


def _new_token():
    return secrets.token_urlsafe(24)


def existing_token(person):
    """The person's token if they asked for a feed address; ``None`` otherwise (never writes)."""
    return CalendarToken.objects.filter(person=person).values_list("token", flat=True).first()


def token_for(person):
    """The person's token, created on first use (only when the person asks for an address)."""
    row = CalendarToken.objects.filter(person=person).first()
    if row is None:
        row, _created = CalendarToken.objects.get_or_create(
            person=person, defaults={"token": _new_token(), "created_at": timezone.now()}
        )
    return row.token


@transaction.atomic
def regenerate_token(person):
    """A new secret for the person's feed (the first one when there was none): the old URL
    stops working at once."""
    row = CalendarToken.objects.select_for_update().filter(person=person).first()
    if row is None:
        return token_for(person)
    row.token, row.created_at = _new_token(), timezone.now()
    row.save(update_fields=["token", "created_at"])
    return row.token


# --------------------------------------------------------------------------- the feed


def _event(uid, start, end, summary, description, stamp):
    event = icalendar.Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end + datetime.timedelta(days=1))  # all-day events end the day after
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def _description(form_label, content, extra=""):
    lines = [_("Hình thức: %(form)s") % {"form": form_label}]
    if content:
        lines.append(_("Nội dung: %(content)s") % {"content": content})
    if extra:
        lines.append(extra)
    return "\n".join(lines)


def build_calendar(person, today=None):
    """The ``icalendar.Calendar`` of a cadre's planned and recorded trips."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=LOOK_BACK_DAYS)
    stamp = timezone.now()
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Đi cơ sở – %(name)s") % {"name": person.full_name})
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    planned = (
        PlannedVisit.objects.filter(plan__cadre=person, end_date__gte=since, visits__isnull=True)
        .select_related("unit", "plan")
        .order_by("start_date", "pk")
    )
    for p in planned:
        plan_text = _("Kế hoạch quý %(q)s/%(y)s (%(state)s)") % {
            "q": p.plan.quarter,
            "y": p.plan.year,
            "state": p.plan.get_state_display(),
        }
        cal.add_component(
            _event(
                f"planned-{p.pk}",
                p.start_date,
                p.end_date,
                _("Dự kiến đi cơ sở: %(unit)s") % {"unit": p.unit.name},
                _description(p.get_form_display(), p.content, plan_text),
                stamp,
            )
        )
    visits = Visit.objects.filter(cadre=person, end_date__gte=since).select_related("unit").order_by("start_date", "pk")
    for v in visits:
        extra = _("Đột xuất") if v.is_ad_hoc else ""
        cal.add_component(
            _event(
                f"visit-{v.pk}",
                v.start_date,
                v.end_date,
                _("Đi cơ sở: %(unit)s") % {"unit": v.unit.name},
                _description(v.get_form_display(), v.content, extra),
                stamp,
            )
        )
    return cal


# --------------------------------------------------------------------------- views


def _own_cadre(request):
    person = request.user.person if getattr(request.user, "person_id", None) else None
    if person is None or not person.is_cadre:
        raise PermissionDenied(_("Tài khoản này không gắn với một cán bộ nên không có lịch đi cơ sở."))
    return person


@login_required
@require_GET
def calendar_link(request):
    """The signed-in cadre's feed URL to copy into a phone's calendar, and a button to renew it.
    Viewing writes nothing: the secret is made only when the cadre asks for an address (POST)."""
    person = _own_cadre(request)
    token = existing_token(person)
    url = request.build_absolute_uri(reverse("visits_feeds:calendar", args=[token])) if token else ""
    return render(request, "visits/calendar_link.html", {"person": person, "feed_url": url})


@login_required
@require_POST
def calendar_regenerate(request):
    person = _own_cadre(request)
    had_one = existing_token(person) is not None
    regenerate_token(person)
    if had_one:
        messages.success(request, _("Đã tạo địa chỉ lịch mới; địa chỉ cũ không còn dùng được."))
    else:
        messages.success(request, _("Đã tạo địa chỉ lịch riêng của đồng chí."))
    return redirect("visits_feeds:calendar_link")


@require_GET
def calendar_feed(request, token):
    row = CalendarToken.objects.select_related("person").filter(token=token).first()
    if row is None:
        raise Http404
    response = HttpResponse(build_calendar(row.person).to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="di-co-so.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
