"""The test tree's programme records the scope matrices aim at (Tam Kỳ's programme, Bắc Trà My's)."""

import datetime

from coso.programme import services
from coso.programme.models import (
    Assessment,
    BranchAssessment,
    Inspection,
    ItemStatus,
    Rating,
    Recognition,
    Registration,
    Round,
    RoundReport,
)

# --------------------------------------------------------------------------- scope matrix cases


def tamky(t):
    """Programme records of Tam Kỳ in the test tree, made once per tree: Tam Kỳ's 2014
    programme, Võ Minh Tâm's registration (submitted), his round I self-assessment
    (submitted), the branch's round I assessment (submitted), An Mỹ's round I report
    (submitted), a draft inspection and a recognition."""
    if getattr(t, "_programme_tamky", None):
        return t._programme_tamky
    from types import SimpleNamespace

    from coso.programme.models import AssessmentItem, RegistrationItem

    d = datetime.date
    programme = services.district8_2014(t.tamky)
    round1 = Round.objects.get(track__programme=programme, track__kind="general", number=1)
    member = t.member_anmy
    registration = Registration.objects.create(
        member=member,
        programme=programme,
        track=round1.track,
        target_group_id=member.target_group_id,
        state=Registration.State.SUBMITTED,
        signed_on=d(2014, 3, 10),
    )
    codes = ["RL-01", "RL-02", "RL-03", "DC-RL-1", "DC-RL-2", "HD-01", "HD-02", "HD-03", "DC-HD-1", "DC-HD-2"]
    criteria = {c.code: c for c in programme.criteria.filter(code__in=codes)}
    items = [
        RegistrationItem.objects.create(
            registration=registration, criterion=criteria[code], commitment=f"Cam kết {code}", position=n
        )
        for n, code in enumerate(codes, 1)
    ]
    assessment = Assessment.objects.create(
        registration=registration, round=round1, state=Assessment.State.SUBMITTED, summary="Tự nhận xét"
    )
    for item in items:
        AssessmentItem.objects.create(
            assessment=assessment, item=item, criterion_id=item.criterion_id, self_status=ItemStatus.DONE
        )
    branch_assessment = BranchAssessment.objects.create(
        branch=t.branch_anmy,
        programme=programme,
        round=round1,
        state=BranchAssessment.State.SUBMITTED,
        rating=Rating.GOOD,
        summary="Chi đoàn thực hiện tốt",
    )
    report = RoundReport.objects.create(
        unit=t.anmy,
        round=round1,
        state=RoundReport.State.SUBMITTED,
        held_on=d(2014, 3, 26),
        activities="Ra quân Chủ nhật xanh",
        participants=30,
    )
    inspection = Inspection.objects.create(
        district=t.tamky, unit=t.anmy, round=round1, inspected_on=d(2014, 4, 2), findings="Tổ chức đúng kế hoạch"
    )
    from django.utils import timezone

    recognition = Recognition.objects.create(
        programme=programme, round=round1, unit=t.anmy, decided_on=d(2014, 4, 10), at=timezone.now()
    )
    t._programme_tamky = SimpleNamespace(
        programme=programme,
        round=round1,
        member=member,
        registration=registration,
        assessment=assessment,
        branch_assessment=branch_assessment,
        report=report,
        inspection=inspection,
        recognition=recognition,
        codes=codes,
        criteria=criteria,
    )
    return t._programme_tamky


API = "/api/programme"


def btm_programme(t):
    """Bắc Trà My's own programme (the caller's), for requests aiming at Tam Kỳ units through it."""
    if getattr(t, "_programme_btm", None) is None:
        t._programme_btm = services.district8_2014(t.bactramy)
    return t._programme_btm
