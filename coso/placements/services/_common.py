"""What the writes of field training share: every violation raised at once, a workflow step
begun (locked, who, state) before the step's own rules, a placement read with what its checks need."""

from django.utils.translation import gettext as _

from coso.core.errors import DomainError
from coso.placements.models import Placement


def _raise(violations):
    if violations:
        raise DomainError(violations[0][0], " ".join(v[1] for v in violations), violations=list(violations))


def _begin(workflow, obj, action, actor):
    """Lock ``obj``, check who may take ``action`` and that its state allows it (before the
    rules of the step, which :func:`transition` does not know)."""
    obj = workflow.lock(obj)
    workflow.require(action, actor, obj)
    workflow.check_state(obj, action)
    return obj


def _placement(placement):
    return Placement.objects.select_related("plan__owner", "host", "person").get(pk=placement.pk)


def _require_active(placement):
    if placement.state != Placement.State.ACTIVE:
        raise DomainError("placement_not_active", _("Đợt đào tạo thực tế đã kết thúc hoặc đã hủy."))
