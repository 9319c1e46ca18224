"""Demo of going to the grassroots (đi cơ sở) in Quảng Nam (seed 000, plan 14 KH/TĐTN).

- The plan's policy for 2013 and the same numbers for the current year, so the demo works today;
  Bắc Trà My's own "1+2" policy (at least 60 days a year, seed 003) for 2022 and the current year.
- Decision 15-QĐ/TĐTN (28/02/2013): Nguyễn Văn Quy (``canbo.quangnam``, Ban Phong trào) follows
  Tam Kỳ and Bắc Trà My; each demo cluster's leader and deputy are assigned to their cluster,
  and the clusters are renewed for the current year with the same leaders.
- Quy's plan of this quarter (registered on its first day), his visits of the last two months
  and of this month, a good practice, the weak units of Bắc Trà My (last year's classification).
- The report of two months ago: confirmed by Bắc Trà My, waiting for ``cumtruong.quangnam``'s
  review; last month's: submitted, waiting for ``huyendoan.bactramy``'s confirmation.

Everything goes through ``services`` so the rules (caps, holidays, area) apply.
"""

import datetime

from django.utils import timezone

from coso.org.models import ClassificationScheme, Cluster, Unit, UnitClassification, UnitLevel
from coso.visits import rules, services
from coso.visits.defaults import ONE_PLUS_TWO_DISTRICT, QUANG_NAM_2013
from coso.visits.models import Assignment, VisitForm

D = datetime.date
PROVINCE, TAMKY, BACTRAMY = "vn-49", "vn-49-502", "vn-49-515"
TRASON, TRASON_BRANCH, TRAGIANG = "vn-49-515-20900", "demo-trason-cd1", "vn-49-515-20914"

USERS = []  # the core demo's logins are enough (canbo, huyendoan.bactramy, cumtruong, tinhdoan)


def _at(day, hour=16):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _month_start(day, back):
    month = day.month - back
    year = day.year + (month - 1) // 12
    return D(year, (month - 1) % 12 + 1, 1)


def _working_days(first, last):
    """Weekdays between two dates that are not public holidays."""
    holidays = rules.public_holidays(first, last)
    return [d for d in rules.each_day(first, last) if d.weekday() < 5 and d not in holidays]


def _free_days(first, last, count, *, after=1):
    """``count`` consecutive working days from the ``after``-th day of the span on, or []."""
    days = [d for d in _working_days(first, last) if d.day >= after]
    for i in range(len(days) - count + 1):
        run = days[i : i + count]
        if (run[-1] - run[0]).days == count - 1:
            return run
    return []


def load(b, users):
    today = timezone.localdate()
    manager, cadre_user = users["tinhdoan.quangnam"], users["canbo.quangnam"]
    host_user = users["huyendoan.bactramy"]
    province, tamky, bactramy = b.unit(PROVINCE), b.unit(TAMKY), b.unit(BACTRAMY)
    quy = cadre_user.person

    services.save_visit_policy(actor=manager, owner=province, year=2013, **QUANG_NAM_2013)
    services.save_visit_policy(
        actor=manager, owner=province, year=today.year, **dict(QUANG_NAM_2013, applies_from=None)
    )
    # Bắc Trà My's own "1+2" (seed 003, 2022): its district cadres at the grassroots at least
    # 60 days a year; adopted by the district's standing officers, kept for the current year.
    for year in sorted({2022, today.year}):
        services.save_visit_policy(actor=host_user, owner=bactramy, year=year, **ONE_PLUS_TWO_DISTRICT)
    decision = services.record_decision(
        actor=manager,
        owner=province,
        number="15-QĐ/TĐTN",
        decided_on=D(2013, 2, 28),
        signer=manager.person,
        note="Phân công cán bộ theo dõi cơ sở và cụm trưởng, cụm phó các cụm thi đua năm 2013",
    )
    services.assign(actor=manager, decision=decision, cadre=quy, units=[tamky, bactramy], valid_from=D(2013, 3, 1))
    _clusters(manager, decision, today.year)
    _weak_units(b, cadre_user, quy, bactramy, today.year)

    # Visits: two months ago 3 days in Bắc Trà My (its cap), last month one day in each
    # district, this month one day in Tam Kỳ (when a working day has already passed).
    two_ago, last = _month_start(today, 2), _month_start(today, 1)
    trason, branch, tragiang = b.unit(TRASON), b.unit(TRASON_BRANCH), b.unit(TRAGIANG)
    tamky_base = Unit.objects.filter(path__startswith=tamky.path, level__kind=UnitLevel.Kind.BASE).order_by("path")
    commune_tk = tamky_base.first()
    trips = []
    run = _free_days(two_ago, rules.month_last_day(two_ago.year, two_ago.month), 3, after=8)
    if run:
        trips += [
            (trason, run[0], run[1], VisitForm.SITUATION, "Nắm tình hình đoàn viên thanh niên thôn 1, thôn 2"),
            (branch, run[2], run[2], VisitForm.BRANCH_MEETING, "Dự sinh hoạt chuyên đề Chi đoàn thôn 1"),
        ]
    days = _working_days(last, rules.month_last_day(last.year, last.month))
    if len(days) >= 12:
        trips += [
            (tragiang, days[5], days[5], VisitForm.SURVEY, "Khảo sát mô hình phát triển kinh tế của thanh niên"),
            (commune_tk, days[10], days[10], VisitForm.CO_HOST, "Phối hợp tổ chức ngày hội thanh niên"),
        ]
    this_month = [d for d in _working_days(today.replace(day=1), today) if d < today]
    if this_month:
        trips.append((commune_tk, this_month[0], this_month[0], VisitForm.UNION_MEETING, "Dự họp Ban Chấp hành Đoàn"))
    visits = [
        services.record_visit(
            actor=cadre_user,
            cadre=quy,
            unit=unit,
            start_date=start,
            end_date=end,
            form=form,
            content=content,
            findings="Đoàn viên nhiệt tình; sinh hoạt chưa đều ở thôn xa.",
            proposals="Hỗ trợ kinh phí sinh hoạt chi đoàn thôn xa.",
        )
        for unit, start, end, form, content in trips
    ]
    if run:
        services.record_good_practice(
            actor=cadre_user,
            cadre=quy,
            unit=trason,
            title="Tổ hợp tác thanh niên trồng quế",
            description="Đoàn xã giúp thanh niên góp vốn, chia sẻ kỹ thuật trồng và chăm sóc cây quế.",
            visit=visits[0],
        )
        report = services.draft_monthly_report(actor=cadre_user, cadre=quy, year=two_ago.year, month=two_ago.month)
        month_end = rules.month_last_day(two_ago.year, two_ago.month)
        services.submit_report(actor=cadre_user, report=report, now=_at(month_end))
        services.host_confirm(
            actor=host_user,
            report=report,
            district=bactramy,
            comment="Đồng chí Quy đến đúng lịch, nắm chắc tình hình cơ sở.",
            now=_at(month_end + datetime.timedelta(days=3), 9),
        )
    if len(days) >= 12:
        report = services.draft_monthly_report(actor=cadre_user, cadre=quy, year=last.year, month=last.month)
        services.submit_report(actor=cadre_user, report=report, now=_at(days[-1]))
    _quarter_plan(cadre_user, quy, tamky_base.first(), trason, today)


def _clusters(manager, decision, year):
    """Each 2013 cluster's leader and deputy assigned to it, and the clusters of ``year``."""
    for cluster in Cluster.objects.filter(owner__code=PROVINCE, year=2013).prefetch_related("units"):
        for person, role in (
            (cluster.leader, Assignment.Role.CLUSTER_LEADER),
            (cluster.deputy, Assignment.Role.CLUSTER_DEPUTY),
        ):
            if person is not None:
                services.assign(
                    actor=manager, decision=decision, cadre=person, role=role, cluster=cluster, valid_from=D(2013, 3, 1)
                )
        if year != 2013:
            renewed = Cluster.objects.create(
                owner=cluster.owner, year=year, name=cluster.name, leader=cluster.leader, deputy=cluster.deputy
            )
            renewed.units.set(cluster.units.all())


def _weak_units(b, cadre_user, quy, district, year):
    """Last year's classification of the district's communes, and the 3 weakest proposed and confirmed."""
    scheme = ClassificationScheme.for_year("unit", year - 1)
    if scheme is None:
        return
    levels = list(scheme.levels.order_by("rank"))
    bases = Unit.objects.filter(path__startswith=district.path, level__kind=UnitLevel.Kind.BASE)
    UnitClassification.objects.bulk_create(
        [
            UnitClassification(unit=unit, year=year - 1, level=b.rng.choice(levels[:3] + levels[1:3]))
            for unit in bases
            if not UnitClassification.objects.filter(unit=unit, year=year - 1).exists()
        ]
    )
    selection = services.propose_weak_units(actor=cadre_user, cadre=quy, district=district, year=year)
    services.confirm_weak_units(actor=cadre_user, selection=selection)


def _quarter_plan(cadre_user, quy, commune_tk, trason, today):
    quarter = rules.quarter_of(today)
    first, last = rules.quarter_bounds(today.year, quarter)
    plan = services.create_plan(
        actor=cadre_user, cadre=quy, year=today.year, quarter=quarter, note="Theo dõi Tam Kỳ và Bắc Trà My"
    )
    for month in rules.months_of_quarter(quarter):
        month_first = D(today.year, month, 1)
        month_last = rules.month_last_day(today.year, month)
        for unit, after, form, content in (
            (trason, 10, VisitForm.BRANCH_MEETING, "Dự sinh hoạt chi đoàn, nắm tình hình thanh niên"),
            (commune_tk, 20, VisitForm.SURVEY, "Khảo sát hoạt động của Đoàn cơ sở"),
        ):
            days = _free_days(month_first, month_last, 1, after=after)
            if days:
                services.add_planned_visit(
                    actor=cadre_user,
                    plan=plan,
                    unit=unit,
                    start_date=days[0],
                    end_date=days[0],
                    form=form,
                    content=content,
                )
    services.submit_plan(actor=cadre_user, plan=plan, now=_at(first, 8))
    return plan
