"""The Excel import job's workflow, declared for the engine of ``coso/core/workflow.py``
(diagram in ``docs/workflows.md``). A failed or invalid job stays so: the user uploads again.
Moves are compare-and-sets (``try_transition``): a job is moved by the page and by the
background worker, and the loser of a race changes nothing."""

from django.utils.translation import gettext_lazy

from coso.core.workflow import Transition, Workflow
from coso.imports.models import ExportJob, ImportJob

S = ImportJob.Status
IMPORT_JOB = Workflow(
    "imports.job",
    model=ImportJob,
    field="status",
    states=S,
    what=gettext_lazy("lượt nhập"),
    illegal_code="bad_transition",
    illegal_message=gettext_lazy("Không thể chuyển lượt nhập từ «{source}» sang «{target}»."),
    illegal_field=None,
    transitions=[
        Transition("validate", gettext_lazy("kiểm tra"), [S.UPLOADED], S.VALIDATING),
        Transition("ready", gettext_lazy("sẵn sàng nhập"), [S.VALIDATING], S.READY),
        Transition("reject", gettext_lazy("có lỗi"), [S.VALIDATING, S.COMMITTING], S.INVALID),
        Transition("commit", gettext_lazy("nhập"), [S.READY], S.COMMITTING),
        Transition("finish", gettext_lazy("nhập xong"), [S.COMMITTING], S.DONE),
        Transition("fail", gettext_lazy("lỗi hệ thống"), [S.UPLOADED, S.VALIDATING, S.COMMITTING], S.FAILED),
    ],
)

E = ExportJob.Status
EXPORT_JOB = Workflow(
    "imports.export",
    model=ExportJob,
    field="status",
    states=E,
    what=gettext_lazy("lượt xuất"),
    illegal_code="bad_transition",
    illegal_message=gettext_lazy("Không thể chuyển lượt xuất từ «{source}» sang «{target}»."),
    illegal_field=None,
    transitions=[
        Transition("start", gettext_lazy("bắt đầu xuất"), [E.QUEUED], E.RUNNING),
        Transition("finish", gettext_lazy("xuất xong"), [E.RUNNING], E.DONE),
        Transition("fail", gettext_lazy("lỗi hệ thống"), [E.QUEUED, E.RUNNING], E.FAILED),
        Transition("expire", gettext_lazy("hết hạn lưu tệp"), [E.DONE], E.EXPIRED),
    ],
)
