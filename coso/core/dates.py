"""The window every date typed or sent must fall in: 01/01/1900 to ten years after today.

One rule for every input: the pages' date fields (``coso.core.forms.DateField``, and every
``forms.DateField`` of a form passed through ``bootstrapify``), the API's input schemas
(``InputDate``, ``InputMonth``, ``InputYear``) and the services that take a date from elsewhere
(imports, commands: ``require_in_window``; a year number: ``require_year_in_window``). A date outside it is a typing mistake (31/12/9999, 0001),
and would otherwise reach arithmetic that overflows or a database constraint.
"""

import datetime
import re
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

from coso.core.errors import DomainError

EARLIEST = datetime.date(1900, 1, 1)
YEARS_AHEAD = 10


def latest(today=None):
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def window_message(value, today=None):
    """The Vietnamese refusal of a date outside the window, or "" when it is inside.
    ``today``: the caller's own (an import checks 100,000 rows against one day)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        return ""  # not a date at all: the field's own parsing says so
    last = latest(today)
    if EARLIEST <= value <= last:
        return ""
    return _("Ngày %(value)s nằm ngoài khoảng cho phép (%(first)s – %(last)s).") % {
        "value": value.strftime("%d/%m/%Y") if value.year >= 1000 else value.isoformat(),
        "first": EARLIEST.strftime("%d/%m/%Y"),
        "last": last.strftime("%d/%m/%Y"),
    }


def validate_in_window(value):
    """A Django validator (forms)."""
    message = window_message(value)
    if message:
        raise ValidationError(message, code="date_out_of_window")


def require_in_window(**dates):
    """For services: refuse (DomainError ``date_out_of_window``, on its field) any of the given
    dates outside the window. ``require_in_window(start_date=…, end_date=…)``."""
    violations = [
        ("date_out_of_window", message, name) for name, value in dates.items() if (message := window_message(value))
    ]
    if violations:
        code, message, field = violations[0]
        raise DomainError(code, message, violations=violations, field=field)


def _pydantic_check(value):
    message = window_message(value)
    if message:
        raise ValueError(message)
    return value


# --------------------------------------------------------------------------- years
# A year typed or sent as a number (a plan's year, ``?year=``, ``/policy/<year>/``) is held to
# the years of the same window: 1900 to ten years after today.


def year_message(value):
    """The Vietnamese refusal of a year number outside the window (1900 to ten years after
    this year), or "" when it is inside (or not a number: the field's own parsing says so)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return ""
    first, last = EARLIEST.year, latest().year
    if first <= value <= last:
        return ""
    return _("Năm %(year)s nằm ngoài khoảng cho phép (%(first)s – %(last)s).") % {
        "year": value,
        "first": first,
        "last": last,
    }


def validate_year_in_window(value):
    """A Django validator (forms, model fields) for a year number."""
    message = year_message(value)
    if message:
        raise ValidationError(message, code="year_out_of_window")


def require_year_in_window(**years):
    """For services: refuse (DomainError ``year_out_of_window``, on its field) any of the given
    year numbers outside the window. ``require_year_in_window(year=…)``."""
    violations = [
        ("year_out_of_window", message, name) for name, value in years.items() if (message := year_message(value))
    ]
    if violations:
        code, message, field = violations[0]
        raise DomainError(code, message, violations=violations, field=field)


def year_from(raw, default=None):
    """A page filter's ``?year=``: the year it names when it is a year of the window, else
    ``default`` (a hand-edited address shows the default period, never an error page)."""
    raw = (raw or "").strip()
    if raw.isdigit() and len(raw) <= 4 and not year_message(int(raw)):
        return int(raw)
    return default


class YearConverter:
    """``<year:year>`` in a page's address: four digits naming a year of the window; any other
    year does not match the route (404)."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        if year_message(int(value)):
            raise ValueError(value)
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


def _pydantic_year(value):
    message = year_message(value)
    if message:
        raise ValueError(message)
    return value


MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text):
    """``"YYYY-MM"`` → ``(year, month)`` inside the window, else ValueError with a Vietnamese message."""
    match = MONTH_RE.match(text or "")
    if not match:
        raise ValueError(_("Tháng phải có dạng YYYY-MM, ví dụ 2026-03."))
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise ValueError(_("Tháng phải từ 01 đến 12."))
    if message := year_message(year):
        raise ValueError(message)
    return year, month


def _pydantic_month(value):
    parse_month(value)
    return value


# The API's input types: a date, a year, and a month "YYYY-MM", inside the window (else 422 on the field).
InputDate = Annotated[datetime.date, AfterValidator(_pydantic_check)]
InputMonth = Annotated[str, AfterValidator(_pydantic_month)]


def input_year(since=EARLIEST.year):
    """The API's type of a year number: a year of the window, not before ``since`` (a rule's
    own first year), else 422 on the field. The bound sits before the check so that the
    OpenAPI document shows it as ``minimum``."""
    return Annotated[int, Field(ge=since), AfterValidator(_pydantic_year)]


InputYear = input_year()
# The year of a plan, a programme, a policy: the system holds none before 2000.
PlanYear = input_year(2000)
