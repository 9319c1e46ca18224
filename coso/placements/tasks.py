"""Background tasks (django-tasks): run once a day by the scheduler."""

import datetime

from django.utils import timezone
from django_tasks import task


@task()
def send_placement_reminders(on: str | None = None):
    from coso.placements.reminders import send_reminders

    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    return send_reminders(on=day)
