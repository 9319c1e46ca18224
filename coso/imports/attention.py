"""Home-page items of Excel imports, registered from the app's ready(): the user's own jobs
that wait for them (checked and ready to commit: the preview to confirm) or are still
running. One query, at most :data:`LIMIT` jobs."""

from django.urls import reverse
from django.utils.translation import gettext as _

from coso.core.attention import Item

LIMIT = 5


def imports_attention(user) -> list[Item]:
    from coso.imports.models import ImportJob

    if not getattr(user, "is_authenticated", False):
        return []
    S = ImportJob.Status
    jobs = list(
        ImportJob.objects.filter(created_by=user, status__in=[S.READY, *ImportJob.RUNNING])
        .only("pk", "original_name", "status", "created_at")
        .order_by("-created_at")[:LIMIT]
    )
    items = []
    for job in jobs:
        if job.status == S.READY:
            title = _("Tệp «%(f)s» đã kiểm tra xong: xem trước và xác nhận nhập") % {"f": job.original_name}
        else:
            title = _("Tệp «%(f)s» đang xử lý (%(s)s)") % {"f": job.original_name, "s": job.get_status_display()}
        items.append(Item(title=title, url=reverse("imports:detail", args=[job.pk]), level="info"))
    return items
