"""What the system stores with a record — a change reason, a step's comment — is written in
Vietnamese whoever acts (a record does not change with its author's language), and shown in
the reader's language where the catalogue has it."""

from django.utils import translation

from coso.core.history import history_entries, stored_text
from coso.org import services as org_services
from coso.org.models import Unit
from coso.visits.workflows import QUARTER_PLAN


def test_a_change_made_in_english_is_recorded_in_vietnamese_and_read_in_each_language(tree):
    unit = Unit.objects.get(pk=tree.trason.pk)
    with translation.override("en"):
        org_services.update_unit(
            actor=tree.users["provincial_standing"], unit=unit, version=unit.version, name="Xã Trà Sơn mới"
        )
    stored = unit.history.order_by("-history_id").first().history_change_reason
    assert stored == "Sửa thông tin đơn vị"
    with translation.override("en"):
        assert history_entries(unit)[0]["reason"] == "Edit unit details"
    with translation.override("vi"):
        assert history_entries(unit)[0]["reason"] == "Sửa thông tin đơn vị"


def test_a_workflow_move_is_recorded_in_vietnamese_and_translated_part_by_part():
    S = QUARTER_PLAN.states
    with translation.override("en"):
        reason = QUARTER_PLAN.stored_reason(S.DRAFT, S.SUBMITTED)
        english = stored_text(reason)
        bulk = QUARTER_PLAN.stored_reason("", S.APPROVED)
    with translation.override("vi"):
        assert reason == f"{S.DRAFT.label} → {S.SUBMITTED.label}"
        assert bulk == f"→ {S.APPROVED.label}"
    with translation.override("en"):
        assert english == f"{S.DRAFT.label} → {S.SUBMITTED.label}"
        assert english != reason and "→" in english


def test_what_a_user_typed_is_shown_as_typed():
    with translation.override("en"):
        assert stored_text("Bổ sung minh chứng") == "Bổ sung minh chứng"
        assert stored_text("") == "" and stored_text(None) == ""
