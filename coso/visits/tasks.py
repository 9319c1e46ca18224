"""Background tasks (django-tasks): run once a day by the scheduler (``manage.py send_reminders``)."""

import datetime

from django.utils import timezone
from django_tasks import task


@task()
def send_visit_reminders(on: str | None = None):
    """Send the grassroots reminders due on ``on`` (ISO date, default today); returns the count."""
    from coso.visits.reminders import send_reminders

    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    return send_reminders(on=day)
