"""The domain records of the national dataset (``bench/generate.py``, step "domain").

Imported by ``generate.py`` after Django is set up; runs on a database that already holds the
units and persons (``generate.py --domain-only`` adds them to an existing dataset). Everything
is relative to ``today`` (default: the real date, Asia/Ho_Chi_Minh), because the pages show
the current year, quarter and month:

- going to the grassroots (seeds 000, 003) for **every provincial and district cadre**:
  assignment decisions and assignments (a reassignment halfway through the period), five
  years of visits within the caps of the default policy (≤ 2 days a month per district,
  3 in mountainous ones), monthly reports in every state with their lines and the host
  confirmations of each district visited, quarter plans (every state in the current
  quarter, planned visits for the current year), good practices, emulation clusters of
  every province for each year with leader, deputy and their five meetings;
- the members' programme (seed 001) of the current year for **every member** of a share of
  the district unions (Quận 8 always among them): registrations with their 5 + 5 items,
  assessments of each round that has ended with their items, in every state, branch
  self-assessments, base unions' round reports, recognitions;
- cadre work (seed 004): a KPI plan with seed 004's indicators for every district-level and
  provincial union, and what those indicators count: posts (base-union secretaries,
  Youth Federation chairs, Pioneer leaders, offices of the upper unions), trainings,
  certificates, the pool of sources and its stage changes;
- field-training placements (seed 002): one plan per province, a decided yearly list of two
  cadres a year, their placements (active or finished).

Big tables are written with COPY and explicit ids (sequences reset afterwards), their
secondary indexes and foreign keys dropped during the load like the person table's; small
ones with ``bulk_create``. No simple_history rows, no workflow transition logs.
"""

import datetime
import time
from collections import defaultdict

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

D = datetime.date

# Shares and rates (realistic proportions; each can be changed here in one place).
TRIP_CHANCE = 0.7  # per followed district and month: the cadre goes there at least once
GOOD_PRACTICE_CHANCE = 0.02  # per visit
REASSIGNED_SHARE = 0.3  # cadres whose followed units change at the mid-period decision
PROGRAMME_DISTRICT_SHARE = 0.005  # of the district-level unions run the programme for all members
ROUND_PARTICIPATION = [0.92, 0.86, 0.8, 0.75, 0.7, 0.7]
CLUSTER_SIZE = 6

VISIT_FORMS = [
    "khao_sat",
    "phoi_hop",
    "sinh_hoat_chi_doan",
    "sinh_hoat_chi_doan",
    "nam_tinh_hinh",
    "kiem_tra_chuyen_de",
    "doan_kiem_tra",
    "hop_co_so",
]
CONTENTS = [
    "Dự sinh hoạt chi đoàn, nắm tình hình đoàn viên",
    "Làm việc với Ban Thường vụ về công tác tổ chức cơ sở",
    "Khảo sát chất lượng đoàn viên, cán bộ Đoàn cơ sở",
    "Cùng cơ sở tổ chức ngày hoạt động tình nguyện",
    "Kiểm tra chuyên đề thực hiện Nghị quyết Đại hội",
    "Hướng dẫn tổ chức Ngày đoàn viên",
]
PRACTICES = [
    "Mô hình “Chi đoàn số”",
    "Cách làm hay “Ngày thứ Bảy tình nguyện”",
    "Mô hình “Tuyến đường thanh niên tự quản”",
    "Mô hình “Tủ sách thanh niên”",
    "Cách làm hay “Sinh hoạt chi đoàn ngoài trời”",
]


def log(message, started=None):
    suffix = f" ({time.monotonic() - started:.1f} s)" if started is not None else ""
    print(f"[{time.strftime('%H:%M:%S')}] {message}{suffix}", flush=True)


def months_between(a_year, a_month, b_year, b_month):
    return (b_year - a_year) * 12 + (b_month - a_month)


def month_last_day(year, month):
    return D(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)


VIETNAM = datetime.timezone(datetime.timedelta(hours=7))  # Asia/Ho_Chi_Minh: no daylight saving


def aware(day, hour=9):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=VIETNAM)


def pick(rng, weighted):
    """A key of ``weighted`` ({key: weight}) at random."""
    total = sum(weighted.values())
    point = rng.random() * total
    for key, weight in weighted.items():
        point -= weight
        if point <= 0:
            return key
    return key


class Ids:
    """Explicit primary keys for COPY: the next free id of each model, sequences reset at the end."""

    def __init__(self):
        self.next = {}
        self.models = []

    def start(self, model):
        if model not in self.next:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(model._meta.db_table)}")
                self.next[model] = cursor.fetchone()[0] + 1
            self.models.append(model)
        return self.next[model]

    def take(self, model):
        value = self.start(model)
        self.next[model] = value + 1
        return value

    def reset_sequences(self):
        statements = connection.ops.sequence_reset_sql(no_style(), self.models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


class Tree:
    """The units as plain tuples: kind, path, parent, children by kind (one query)."""

    def __init__(self):
        from coso.org.models import Unit

        started = time.monotonic()
        self.kind, self.path, self.mountainous, self.name, self.sector = {}, {}, {}, {}, {}
        by_path = {}
        rows = Unit.objects.filter(is_active=True).values_list(
            "pk", "path", "level__kind", "is_mountainous", "name", "sector__code"
        )
        for pk, path, kind, mountainous, name, sector in rows.iterator(chunk_size=20_000):
            self.kind[pk], self.path[pk], self.mountainous[pk], self.name[pk], self.sector[pk] = (
                kind,
                path,
                mountainous,
                name,
                sector,
            )
            by_path[path] = pk
        self.parent = {}
        self.children = defaultdict(list)
        step = Unit.steplen
        for pk, path in self.path.items():
            parent = by_path.get(path[:-step]) if len(path) > step else None
            self.parent[pk] = parent
            if parent is not None:
                self.children[parent].append(pk)
        for kids in self.children.values():
            kids.sort()
        self.of_kind = defaultdict(list)
        for pk, kind in self.kind.items():
            self.of_kind[kind].append(pk)
        for pks in self.of_kind.values():
            pks.sort()
        log(f"tree: {len(self.kind):,} units", started)

    def kids(self, pk, kinds):
        return [c for c in self.children.get(pk, ()) if self.kind[c] in kinds]

    def district_of(self, pk):
        """The district-level ancestor-or-self (the host of a visit), else the unit itself."""
        node = pk
        while node is not None:
            if self.kind[node] == "district":
                return node
            node = self.parent[node]
        return pk

    def subtree(self, pk):
        out, stack = [], [pk]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(self.children.get(node, ()))
        return out


def copy_rows(model, fields, rows):
    from bench.loading import Writer

    return Writer(model, fields).write(rows)


# ---------------------------------------------------------------------------- visits


def add_visits(tree, cadres, years, today, rng, ids, keep_indexes):
    """Assignments, clusters, visits, reports, confirmations, plans, good practices."""
    from bench.loading import DroppedIndexes
    from coso.org.models import Cluster
    from coso.visits.models import (
        Assignment,
        AssignmentDecision,
        ClusterMeeting,
        GoodPractice,
        HostConfirmation,
        MonthlyReport,
        PlannedVisit,
        QuarterPlan,
        ReportVisit,
        Visit,
    )

    started = time.monotonic()
    first_year, current_year = years[0], years[-1]
    by_unit = defaultdict(list)
    for person_id, unit_id in cadres:
        by_unit[unit_id].append(person_id)

    # --- clusters of every province, each year: its district-level units in groups of ~6.
    clusters = []  # (cluster id, owner, year, units, leader, deputy)
    for province in tree.of_kind["province"]:
        districts = tree.kids(province, {"district"})
        staff = by_unit.get(province, [])
        if len(districts) < 2 or len(staff) < 2:
            continue
        groups = [districts[i : i + CLUSTER_SIZE] for i in range(0, len(districts), CLUSTER_SIZE)]
        for year in years:
            for number, units in enumerate(groups, start=1):
                leader, deputy = rng.sample(staff, 2)
                clusters.append((ids.take(Cluster), province, year, units, leader, deputy, number))
    with transaction.atomic():
        Cluster.objects.bulk_create(
            [
                Cluster(
                    pk=pk, owner_id=owner, year=year, name=f"Cụm thi đua số {number}", leader_id=lead, deputy_id=dep
                )
                for pk, owner, year, _units, lead, dep, number in clusters
            ],
            batch_size=2000,
        )
        through = Cluster.units.through
        through.objects.bulk_create(
            [through(cluster_id=pk, unit_id=u) for pk, _o, _y, units, *_ in clusters for u in units], batch_size=5000
        )
        meetings = []
        for pk, _owner, year, units, *_ in clusters:
            for kind, (month, day) in {
                ClusterMeeting.Kind.Q1: (3, 31),
                ClusterMeeting.Kind.SIX_MONTHS: (6, 30),
                ClusterMeeting.Kind.Q3: (9, 30),
                ClusterMeeting.Kind.YEAR_END_INSPECTION: (12, 10),
                ClusterMeeting.Kind.YEAR_END: (12, 15),
            }.items():
                scheduled = D(year, month, day)
                held = scheduled <= today
                meetings.append(
                    ClusterMeeting(
                        cluster_id=pk,
                        kind=kind,
                        scheduled_on=scheduled,
                        held_on=scheduled if held else None,
                        host_unit_id=rng.choice(units),
                        minutes_text="Các đơn vị trong cụm báo cáo kết quả đi cơ sở." if held else "",
                    )
                )
        ClusterMeeting.objects.bulk_create(meetings, batch_size=5000)
    log(f"clusters: {len(clusters):,} ({len(meetings):,} meetings)")

    # --- decisions and assignments: each upper union assigns its cadres to follow the units
    # directly below it; a second decision halfway reassigns a share of them.
    decisions = {}
    mid = D(years[len(years) // 2], 1, 10)
    for unit_id in by_unit:
        if tree.kind.get(unit_id) not in ("province", "district"):
            continue
        prefix = "TĐTN" if tree.kind[unit_id] == "province" else "ĐTN"
        decisions[unit_id] = (
            (ids.take(AssignmentDecision), f"01-QĐ/{prefix}", D(first_year, 1, 10)),
            (ids.take(AssignmentDecision), f"12-QĐ/{prefix}", mid),
        )
    AssignmentDecision.objects.bulk_create(
        [
            AssignmentDecision(pk=pk, owner_id=owner, number=number, decided_on=day, note="Phân công cán bộ theo dõi")
            for owner, pair in decisions.items()
            for pk, number, day in pair
        ],
        batch_size=5000,
    )
    assignment_rows = []
    periods = {}  # cadre -> [(from, to or None, [followed units])]
    for unit_id, staff in by_unit.items():
        if unit_id not in decisions:
            continue
        below = tree.kids(unit_id, {"district", "base"})
        if not below:
            continue
        (first_pk, _n1, first_day), (second_pk, _n2, second_day) = decisions[unit_id]
        for cadre in staff:
            count = 1 + (rng.random() < 0.5) + (rng.random() < 0.2) if tree.kind[unit_id] == "province" else 1
            followed = rng.sample(below, min(count, len(below)))
            if rng.random() < REASSIGNED_SHARE and len(below) > count:
                later = rng.sample(below, min(count, len(below)))
                periods[cadre] = [
                    (first_day, second_day - datetime.timedelta(days=1), followed),
                    (second_day, None, later),
                ]
                for unit in followed:
                    assignment_rows.append(
                        (
                            first_pk,
                            cadre,
                            unit,
                            "follow",
                            None,
                            first_day,
                            second_day - datetime.timedelta(days=1),
                            second_pk,
                        )
                    )
                for unit in later:
                    assignment_rows.append((second_pk, cadre, unit, "follow", None, second_day, None, None))
            else:
                periods[cadre] = [(first_day, None, followed)]
                for unit in followed:
                    assignment_rows.append((first_pk, cadre, unit, "follow", None, first_day, None, None))
    for pk, owner, year, units, leader, deputy, _number in clusters:
        decision = decisions.get(owner)
        if decision is None:
            continue
        end = None if year == current_year else D(year, 12, 31)
        for person, role in ((leader, "cluster_leader"), (deputy, "cluster_deputy")):
            for unit in units:
                assignment_rows.append((decision[0][0], person, unit, role, pk, D(year, 1, 15), end, None))
    fields = ["decision_id", "cadre_id", "unit_id", "role", "cluster_id", "valid_from", "valid_to", "ended_by_id"]
    with transaction.atomic():
        copy_rows(Assignment, fields, assignment_rows)
    log(f"assignments: {len(assignment_rows):,} ({len(decisions) * 2:,} decisions)")

    # --- visits, month by month, within the default caps; one monthly report per month with visits.
    visit_fields = [
        "id",
        "cadre_id",
        "unit_id",
        "start_date",
        "end_date",
        "form",
        "content",
        "is_ad_hoc",
        "planned_visit_id",
        "recorded_at",
    ]
    line_fields = ["report_id", "visit_id", "days_in_month", "host_id"]
    report_fields = [
        "id",
        "cadre_id",
        "year",
        "month",
        "state",
        "summary",
        "total_days",
        "due_date",
        "first_submitted_at",
        "was_returned",
        "reviewed_at",
    ]
    confirmation_fields = ["report_id", "district_id", "state", "comment", "at"]
    plan_fields = ["id", "cadre_id", "year", "quarter", "state", "note", "first_submitted_at"]
    planned_fields = ["id", "plan_id", "unit_id", "start_date", "end_date", "form", "content"]
    practice_fields = ["title", "description", "unit_id", "visit_id", "reported_by_id", "reported_on", "to_replicate"]
    visits, lines, reports, confirmations, plans, planned, practices = [], [], [], [], [], [], []
    counts = defaultdict(int)
    current_quarter = (today.month - 1) // 3 + 1

    def report_state(age):
        if age <= 0:
            return "draft"
        if age == 1:
            return pick(rng, {"draft": 15, "submitted": 35, "host_confirmed": 25, "returned": 10, "reviewed": 15})
        if age == 2:
            return pick(rng, {"submitted": 5, "host_confirmed": 15, "returned": 3, "reviewed": 77})
        return pick(rng, {"reviewed": 95, "host_confirmed": 4, "returned": 1})

    def plan_state(year, quarter):
        if (year, quarter) < (current_year, current_quarter):
            return "approved"
        return pick(rng, {"submitted": 50, "approved": 30, "draft": 10, "returned": 10})

    def flush(force=False):
        if not force and len(visits) < 200_000:
            return
        # Parents first: plans, planned visits, visits, reports, lines, confirmations, practices.
        for model, fields, rows in (
            (QuarterPlan, plan_fields, plans),
            (PlannedVisit, planned_fields, planned),
            (Visit, visit_fields, visits),
            (MonthlyReport, report_fields, reports),
            (ReportVisit, line_fields, lines),
            (HostConfirmation, confirmation_fields, confirmations),
            (GoodPractice, practice_fields, practices),
        ):
            counts[model.__name__] += copy_rows(model, fields, rows)
            rows.clear()

    tables = [
        Visit._meta.db_table,
        ReportVisit._meta.db_table,
        MonthlyReport._meta.db_table,
        HostConfirmation._meta.db_table,
        PlannedVisit._meta.db_table,
        QuarterPlan._meta.db_table,
    ]
    dropped = [DroppedIndexes(table, enabled=not keep_indexes, quiet=True) for table in tables]
    for item in dropped:
        item.__enter__()
    try:
        for cadre, cadre_periods in periods.items():
            for year in years:
                for quarter in range(1, 5):
                    if D(year, 3 * quarter - 2, 1) > today:
                        break
                    state = plan_state(year, quarter)
                    plan_id = ids.take(QuarterPlan)
                    submitted = None if state == "draft" else aware(D(year, 3 * quarter - 2, 3))
                    plans.append(
                        (plan_id, cadre, year, quarter, state, "Đi cơ sở theo địa bàn được phân công", submitted)
                    )
                    for month in range(3 * quarter - 2, 3 * quarter + 1):
                        first = D(year, month, 1)
                        if first > today:
                            break
                        last = month_last_day(year, month)
                        age = months_between(year, month, today.year, today.month)
                        followed = [
                            unit
                            for start, end, units in cadre_periods
                            if start <= last and (end is None or end >= first)
                            for unit in units
                        ]
                        report_id, total, hosts = None, 0, set()
                        used = defaultdict(int)  # days per host district this month: the cap
                        for unit in dict.fromkeys(followed):
                            if rng.random() > TRIP_CHANCE:
                                continue
                            host = tree.district_of(unit)
                            cap = 3 if tree.mountainous.get(host) else 2
                            days = min(1 if rng.random() < 0.6 else 2, cap - used[host])
                            if days <= 0:
                                continue
                            span = (last if last < today else today) - first
                            if span.days < days:
                                continue
                            start = first + datetime.timedelta(days=rng.randrange(span.days - days + 2))
                            while start.weekday() >= 5 and start > first:
                                start -= datetime.timedelta(days=1)
                            end = start + datetime.timedelta(days=days - 1)
                            if end > last:
                                continue
                            target = unit
                            roll = rng.random()
                            below = tree.children.get(unit, ())
                            if below and roll < 0.7:
                                target = rng.choice(below)
                                deeper = tree.children.get(target, ())
                                if deeper and roll < 0.2:
                                    target = rng.choice(deeper)
                            visit_id = ids.take(Visit)
                            form = rng.choice(VISIT_FORMS)
                            planned_id = None
                            if year == current_year and rng.random() < 0.8:
                                planned_id = ids.take(PlannedVisit)
                                planned.append((planned_id, plan_id, target, start, end, form, "Theo kế hoạch quý"))
                            visits.append(
                                (
                                    visit_id,
                                    cadre,
                                    target,
                                    start,
                                    end,
                                    form,
                                    rng.choice(CONTENTS),
                                    planned_id is None and rng.random() < 0.3,
                                    planned_id,
                                    aware(end, 17),
                                )
                            )
                            if report_id is None:
                                report_id = ids.take(MonthlyReport)
                            lines.append((report_id, visit_id, days, host))
                            used[host] += days
                            total += days
                            hosts.add(host)
                            if rng.random() < GOOD_PRACTICE_CHANCE:
                                practices.append(
                                    (
                                        rng.choice(PRACTICES),
                                        "Phát hiện khi đi cơ sở, đề nghị nhân rộng trong cụm.",
                                        target,
                                        visit_id,
                                        cadre,
                                        end,
                                        rng.random() < 0.3,
                                    )
                                )
                        if report_id is None:
                            continue
                        state = report_state(age)
                        was_returned = state == "returned" or (state != "draft" and rng.random() < 0.05)
                        submitted_at = (
                            None if state == "draft" else aware(last + datetime.timedelta(days=rng.randrange(-2, 4)))
                        )
                        reviewed_at = aware(last + datetime.timedelta(days=10)) if state == "reviewed" else None
                        reports.append(
                            (
                                report_id,
                                cadre,
                                year,
                                month,
                                state,
                                "",
                                total,
                                last,
                                submitted_at,
                                was_returned,
                                reviewed_at,
                            )
                        )
                        if state == "draft":
                            continue
                        for host in sorted(hosts):
                            if state in ("host_confirmed", "reviewed"):
                                confirmation = ("confirmed", "Đồng chí đã hỗ trợ cơ sở tích cực.")
                            elif state == "returned":
                                confirmation = ("returned", "Đề nghị bổ sung nội dung chuyến đi.")
                            else:
                                confirmation = ("confirmed", "") if rng.random() < 0.3 else ("pending", "")
                            at = submitted_at + datetime.timedelta(days=3) if confirmation[0] != "pending" else None
                            confirmations.append((report_id, host, confirmation[0], confirmation[1], at))
            flush()
        flush(force=True)
    finally:
        for item in reversed(dropped):
            item.__exit__(None, None, None)
    log(
        "visits: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()),
        started,
    )
    return clusters


# ---------------------------------------------------------------------------- programme


def add_programme(tree, year, today, rng, ids, keep_indexes, district_codes):
    from bench.loading import DroppedIndexes
    from coso.org.models import Unit
    from coso.people.models import Person, TargetGroup
    from coso.programme import defaults, summary
    from coso.programme.models import (
        Assessment,
        AssessmentItem,
        BranchAssessment,
        Criterion,
        CriterionCell,
        Programme,
        Recognition,
        Registration,
        RegistrationItem,
        ResultCell,
        Round,
        RoundReport,
        Track,
    )

    started = time.monotonic()
    districts = list(Unit.objects.filter(code__in=district_codes).values_list("pk", flat=True))
    groups = dict(TargetGroup.objects.values_list("code", "pk"))
    counts = defaultdict(int)
    made = []
    big = [Registration, RegistrationItem, Assessment, AssessmentItem]
    dropped = [DroppedIndexes(model._meta.db_table, enabled=not keep_indexes, quiet=True) for model in big]
    for item in dropped:
        item.__enter__()
    try:
        for district in districts:
            if Programme.objects.filter(owner_id=district, year=year).exists():
                log(f"programme {year} of {tree.name[district]} already there: kept")
                continue
            base = dict(defaults.DISTRICT8_2014)
            base.update(
                year=year,
                name=f"Ngày đoàn viên “Rèn luyện và hành động” năm {year}",
                document_number=f"21-KH/ĐTN-BTC/{year}",
                issued_on=D(year, 3, 1),
            )
            with transaction.atomic():
                programme = Programme.objects.create(owner_id=district, **base)
                made.append(programme)
                general = Track.objects.create(
                    programme=programme,
                    kind="general",
                    name=f"Các cơ sở Đoàn (theo năm {year})",
                    starts_on=D(year, 3, 1),
                    ends_on=D(year, 12, 31),
                )
                school = Track.objects.create(
                    programme=programme,
                    kind="school",
                    name=f"Khối Trường học (năm học {year} – {year + 1})",
                    starts_on=D(year, 10, 1),
                    ends_on=D(year + 1, 4, 29),
                )
                rounds = Round.objects.bulk_create(
                    [
                        Round(
                            track=general,
                            number=number,
                            starts_on=start.replace(year=year),
                            ends_on=end.replace(year=year),
                            theme=theme,
                        )
                        for number, start, end, theme in defaults.ROUNDS_2014
                    ]
                )
                criteria = Criterion.objects.bulk_create(
                    [
                        Criterion(
                            programme=programme,
                            code=code,
                            kind=kind,
                            target_group_id=groups[group] if group else None,
                            title=title,
                            description=description,
                            order=order,
                        )
                        for order, (code, kind, group, title, description) in enumerate(defaults.CRITERIA, start=1)
                        if group is None or group in groups
                    ]
                )
            catalogue = defaultdict(list)  # (kind, group id) -> criteria
            for criterion in criteria:
                catalogue[(criterion.kind, criterion.target_group_id)].append(criterion)
            ended = [r for r in rounds if r.ends_on < today]
            subtree = tree.subtree(district)
            bases = [u for u in subtree if tree.kind[u] == "base"]
            branches = [u for u in subtree if tree.kind[u] == "branch"]
            members = list(
                Person.objects.filter(unit_id__in=branches, is_member=True, is_cadre=False)
                .values_list("pk", "unit_id", "target_group_id")
                .iterator(chunk_size=20_000)
            )
            registrations, reg_items, assessments, ass_items = [], [], [], []
            per_round_state = defaultdict(lambda: defaultdict(int))  # (round, base) -> state -> n
            school_group = groups.get("hoc-sinh")
            for member, branch, group in members:
                state = pick(rng, {"submitted": 90, "draft": 5, "returned": 5})
                reg_id = ids.take(Registration)
                is_school = group is not None and group == school_group
                track = school.pk if is_school else general.pk
                signed = D(year, 3, 1) + datetime.timedelta(days=rng.randrange(25))
                registrations.append(
                    (
                        reg_id,
                        member,
                        programme.pk,
                        track,
                        group or groups.get("dia-ban-dan-cu"),
                        state,
                        signed if state != "draft" else None,
                        rng.random() < 0.1,
                        aware(signed) if state == "submitted" else None,
                    )
                )
                chosen = []
                for kind in ("training", "action"):
                    fitting = catalogue[(kind, None)] + catalogue[(kind, group)]
                    chosen += rng.sample(fitting, min(5, len(fitting)))
                item_ids = []
                for position, criterion in enumerate(chosen, start=1):
                    item_id = ids.take(RegistrationItem)
                    item_ids.append((item_id, criterion.pk))
                    reg_items.append((item_id, reg_id, criterion.pk, f"Tôi cam kết: {criterion.title[:80]}", position))
                if state != "submitted" or is_school:
                    continue
                base_unit = tree.parent[branch]
                for index, rnd in enumerate(ended):
                    if rng.random() > ROUND_PARTICIPATION[min(index, len(ROUND_PARTICIPATION) - 1)]:
                        continue
                    age = len(ended) - 1 - index  # 0: the last round that ended
                    if age >= 2:
                        a_state = pick(rng, {"recognised": 90, "reviewed": 6, "evaluated": 4})
                    elif age == 1:
                        a_state = pick(
                            rng,
                            {"recognised": 55, "reviewed": 20, "evaluated": 15, "district_returned": 5, "submitted": 5},
                        )
                    else:
                        a_state = pick(
                            rng,
                            {
                                "draft": 10,
                                "submitted": 25,
                                "returned": 5,
                                "evaluated": 25,
                                "base_returned": 5,
                                "reviewed": 15,
                                "district_returned": 3,
                                "recognised": 12,
                            },
                        )
                    per_round_state[(rnd.pk, base_unit)][a_state] += 1
                    assessment_id = ids.take(Assessment)
                    evaluated = a_state in Assessment.EVALUATED_STATES or a_state == "base_returned"
                    result = pick(rng, {"excellent": 15, "good": 50, "completed": 30, "not_completed": 5})
                    assessments.append(
                        (
                            assessment_id,
                            reg_id,
                            rnd.pk,
                            a_state,
                            "Hoàn thành các nội dung đã đăng ký." if a_state != "draft" else "",
                            aware(rnd.ends_on) if a_state != "draft" else None,
                            result if evaluated else "",
                            aware(rnd.ends_on + datetime.timedelta(days=5)) if evaluated else None,
                            aware(rnd.ends_on + datetime.timedelta(days=10))
                            if a_state in Assessment.REVIEWED_STATES
                            else None,
                            (rnd.pk, base_unit) if a_state == "recognised" else None,
                        )
                    )
                    for item_id, criterion in item_ids:
                        status = pick(rng, {"done": 75, "partly": 18, "not_done": 7})
                        ass_items.append((assessment_id, item_id, criterion, status, status if evaluated else ""))
            # Recognitions of each base union for each round with recognised members.
            recognitions = {}
            rec_objects = []
            for (round_pk, base_unit), states in per_round_state.items():
                if states.get("recognised"):
                    rnd = next(r for r in rounds if r.pk == round_pk)
                    rec_id = ids.take(Recognition)
                    recognitions[(round_pk, base_unit)] = rec_id
                    rec_objects.append(
                        Recognition(
                            pk=rec_id,
                            programme=programme,
                            round_id=round_pk,
                            unit_id=base_unit,
                            number=f"{rnd.number:02d}-TB/ĐTN",
                            decided_on=rnd.ends_on + datetime.timedelta(days=20),
                            at=aware(rnd.ends_on + datetime.timedelta(days=20)),
                            members_recognised=states["recognised"],
                            members_pending=sum(states.values()) - states["recognised"],
                        )
                    )
            Recognition.objects.bulk_create(rec_objects, batch_size=2000)
            assessments = [row[:-1] + (recognitions.get(row[-1]) if row[-1] else None,) for row in assessments]
            with transaction.atomic():
                counts["Registration"] += copy_rows(
                    Registration,
                    [
                        "id",
                        "member_id",
                        "programme_id",
                        "track_id",
                        "target_group_id",
                        "state",
                        "signed_on",
                        "on_behalf",
                        "submitted_at",
                    ],
                    registrations,
                )
                counts["RegistrationItem"] += copy_rows(
                    RegistrationItem, ["id", "registration_id", "criterion_id", "commitment", "position"], reg_items
                )
                counts["Assessment"] += copy_rows(
                    Assessment,
                    [
                        "id",
                        "registration_id",
                        "round_id",
                        "state",
                        "summary",
                        "self_submitted_at",
                        "result",
                        "evaluated_at",
                        "reviewed_at",
                        "recognition_id",
                    ],
                    assessments,
                )
                counts["AssessmentItem"] += copy_rows(
                    AssessmentItem,
                    ["assessment_id", "item_id", "criterion_id", "self_status", "branch_status"],
                    ass_items,
                )
            # Branch self-assessments and the base unions' round reports.
            branch_rows, report_rows = [], []
            for index, rnd in enumerate(ended):
                age = len(ended) - 1 - index
                for branch in branches:
                    b_state = (
                        pick(rng, {"recognised": 85, "reviewed": 15})
                        if age >= 1
                        else pick(rng, {"draft": 15, "submitted": 35, "returned": 5, "reviewed": 35, "recognised": 10})
                    )
                    rec = recognitions.get((rnd.pk, tree.parent[branch])) if b_state == "recognised" else None
                    if b_state == "recognised" and rec is None:
                        b_state = "reviewed"
                    branch_rows.append(
                        BranchAssessment(
                            branch_id=branch,
                            programme=programme,
                            round=rnd,
                            state=b_state,
                            rating=pick(rng, {"good": 50, "fair": 35, "average": 12, "weak": 3}),
                            summary="Chi đoàn tổ chức cho đoàn viên đăng ký và thực hiện.",
                            submitted_at=None if b_state == "draft" else aware(rnd.ends_on),
                            base_rating="good" if b_state in ("reviewed", "recognised") else "",
                            recognition_id=rec,
                        )
                    )
                for base_unit in bases:
                    report_rows.append(
                        RoundReport(
                            unit_id=base_unit,
                            round=rnd,
                            state="accepted" if age >= 1 else pick(rng, {"draft": 20, "submitted": 50, "accepted": 30}),
                            held_on=rnd.starts_on + datetime.timedelta(days=rng.randrange(20)),
                            activities="Ra quân Ngày đoàn viên; sinh hoạt chủ điểm theo chủ đề của đợt.",
                            participants=rng.randrange(50, 400),
                            youth_participants=rng.randrange(0, 100),
                        )
                    )
            BranchAssessment.objects.bulk_create(branch_rows, batch_size=5000)
            RoundReport.objects.bulk_create(report_rows, batch_size=5000)
            counts["BranchAssessment"] += len(branch_rows)
            counts["RoundReport"] += len(report_rows)
            counts["Recognition"] += len(rec_objects)
            log(f"programme {year} of {tree.name[district]}: {len(members):,} members")
    finally:
        for item in reversed(dropped):
            item.__exit__(None, None, None)
    # The records were written without the services: the members' name order is copied onto
    # their registrations and the summary counted once at the end.
    for programme in made:
        with transaction.atomic():
            Registration.objects.filter(programme=programme).update(
                member_sort_key=Subquery(Person.objects.filter(pk=OuterRef("member_id")).values("sort_key")[:1])
            )
            summary.rebuild(programme)
    counts["ResultCell"] = ResultCell.objects.count()
    counts["CriterionCell"] = CriterionCell.objects.count()
    log("programme: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()), started)


# ---------------------------------------------------------------------------- cadre work


def add_cadrework(tree, years, today, rng, ids, keep_indexes):
    from bench.loading import DroppedIndexes
    from coso.cadrework.models import CadrePlan, Indicator, SourcePoolEntry, SourceStageChange
    from coso.cadrework.setup import TAN_PHU_2023_INDICATORS
    from coso.people.models import Certificate, Person, Post, Term, TrainingRecord

    started = time.monotonic()
    current_year = years[-1]
    term, _ = Term.objects.get_or_create(start_year=2022, end_year=2027)
    owners = tree.of_kind["province"] + tree.of_kind["district"]
    existing = set(CadrePlan.objects.filter(year=current_year).values_list("owner_id", flat=True))
    plans = [
        CadrePlan(
            owner_id=owner,
            year=current_year,
            number=f"14-KH/{'TĐTN' if tree.kind[owner] == 'province' else 'ĐTN'}",
            title=f"Kế hoạch công tác cán bộ Đoàn – Hội – Đội năm {current_year}",
            issued_on=D(current_year, 2, 20),
            base_plan_deadline=D(current_year, 8, 11),
        )
        for owner in owners
        if owner not in existing
    ]
    CadrePlan.objects.bulk_create(plans, batch_size=2000)
    plan_ids = CadrePlan.objects.filter(year=current_year, owner_id__in=[p.owner_id for p in plans]).values_list(
        "pk", flat=True
    )
    Indicator.objects.bulk_create(
        [
            Indicator(
                plan_id=plan_id,
                order=order,
                name=name,
                population=population,
                measure=measure,
                target_kind=kind,
                target_value=value,
            )
            for plan_id in plan_ids
            for order, (name, population, measure, kind, value) in enumerate(TAN_PHU_2023_INDICATORS, start=1)
        ],
        batch_size=5000,
    )
    log(f"cadre plans: {len(plans):,} with {len(TAN_PHU_2023_INDICATORS)} indicators each")

    # Posts, trainings, certificates of every cadre.
    cadres = list(Person.objects.filter(is_cadre=True).values_list("pk", "unit_id", "sex").iterator(chunk_size=20_000))
    by_unit = defaultdict(list)
    for pk, unit, _sex in cadres:
        by_unit[unit].append(pk)
    post_rows, training_rows, certificate_rows = [], [], []
    first_year = years[0]
    for unit, staff in by_unit.items():
        kind = tree.kind.get(unit)
        if kind == "base":
            titles = [
                ("bch", "secretary"),
                ("bch", "deputy_secretary"),
                ("hlhtn", "federation_chair"),
                ("doi", "pioneer_leader"),
            ]
        else:
            titles = [("tt", "secretary"), ("tt", "deputy_secretary"), ("btv", "standing_member")] + [
                ("agency", "staff")
            ] * 30
        for person, (body, title) in zip(staff, titles, strict=False):
            start = D(rng.choice(years), rng.randrange(1, 13), 1)
            post_rows.append((person, unit, body, title, term.pk, start))
    for pk, _unit, _sex in cadres:
        for _ in range(rng.randrange(0, 5)):
            year = rng.choice(years)
            kind = rng.choice(
                [
                    "resolution",
                    "thematic",
                    "thematic",
                    "youth_work",
                    "digital",
                    "language",
                    "pioneer_leader",
                    "political_theory",
                ]
            )
            level = {"youth_work": "trung cấp", "political_theory": rng.choice(["sơ cấp", "trung cấp", "cao cấp"])}.get(
                kind, ""
            )
            start = D(year, rng.randrange(1, 12), rng.randrange(1, 28))
            training_rows.append(
                (
                    pk,
                    kind,
                    f"Lớp {kind.replace('_', ' ')} năm {year}",
                    level,
                    start,
                    start + datetime.timedelta(days=rng.randrange(1, 30)),
                    start.year < today.year or rng.random() < 0.7,
                )
            )
        if rng.random() < 0.25:
            certificate_rows.append(
                (
                    pk,
                    "language",
                    "Chứng chỉ tiếng Anh",
                    rng.choice(["A2", "B1", "B1", "B2", "C1"]),
                    D(rng.randrange(first_year - 3, current_year + 1), 6, 1),
                )
            )
        if rng.random() < 0.1:
            certificate_rows.append(
                (
                    pk,
                    "it",
                    "Chứng chỉ ứng dụng CNTT cơ bản",
                    "",
                    D(rng.randrange(first_year - 3, current_year + 1), 9, 1),
                )
            )
    tables = [Post._meta.db_table, TrainingRecord._meta.db_table, Certificate._meta.db_table]
    dropped = [DroppedIndexes(table, enabled=not keep_indexes, quiet=True) for table in tables]
    for item in dropped:
        item.__enter__()
    try:
        with transaction.atomic():
            copy_rows(Post, ["person_id", "unit_id", "body", "title", "term_id", "start_date"], post_rows)
            copy_rows(
                TrainingRecord,
                ["person_id", "kind", "name", "level", "start_date", "end_date", "completed"],
                training_rows,
            )
            copy_rows(Certificate, ["person_id", "kind", "name", "level", "issued_on"], certificate_rows)
    finally:
        for item in reversed(dropped):
            item.__exit__(None, None, None)

    # The pool of sources of every district: ~10 entries, some moving on during the year.
    entries, changes = [], []
    for district in tree.of_kind["district"]:
        for number in range(10):
            kind = rng.choice(["pioneer_commander", "school_union_cadre", "collaborator", "graduating_student"])
            entry_id = ids.take(SourcePoolEntry)
            entries.append(
                SourcePoolEntry(
                    pk=entry_id,
                    unit_id=district,
                    kind=kind,
                    full_name=f"Nguồn cán bộ {number + 1}",
                    added_on=D(current_year - 1, 9, 1),
                )
            )
            if kind in ("pioneer_commander", "school_union_cadre") and rng.random() < 0.5:
                to = "hs_union_cadre" if kind == "pioneer_commander" else "uni_union_cadre"
                entries[-1].stage = to
                changes.append(
                    SourceStageChange(entry_id=entry_id, from_stage="in_pool", to_stage=to, on=D(current_year, 5, 15))
                )
    SourcePoolEntry.objects.bulk_create(entries, batch_size=5000)
    SourceStageChange.objects.bulk_create(changes, batch_size=5000)
    log(
        f"cadre work: {len(post_rows):,} posts, {len(training_rows):,} trainings, {len(certificate_rows):,} certificates, "
        f"{len(entries):,} sources",
        started,
    )


# ---------------------------------------------------------------------------- placements


def add_placements(tree, cadres, years, today, rng):
    from coso.placements import models as m
    from coso.placements.services import DEFAULT_GROUPS

    started = time.monotonic()
    by_unit = defaultdict(list)
    for person_id, unit_id in cadres:
        by_unit[unit_id].append(person_id)
    count = 0
    for province in tree.of_kind["province"]:
        staff = by_unit.get(province, [])
        hosts = tree.kids(province, {"district", "base"})
        if len(staff) < 2 or not hosts or m.PlacementPlan.objects.filter(owner_id=province).exists():
            continue
        with transaction.atomic():
            plan = m.PlacementPlan.objects.create(
                owner_id=province,
                name=f"Kế hoạch cử cán bộ đi đào tạo thực tế tại cơ sở giai đoạn {years[0]} – {years[-1]}",
                number="51-KH/TĐTN-TCKT",
                issued_on=D(years[0], 1, 5),
                start_year=years[0],
                end_year=years[-1],
            )
            for data in DEFAULT_GROUPS:
                data = dict(data)
                data["planned_titles"] = (
                    m.default_group1_planned_titles() if data["group"] == 1 else m.default_group2_planned_titles()
                )
                m.TargetGroupRule.objects.create(plan=plan, **data)
            sent = rng.sample(staff, min(len(staff), 2 * len(years)))
            for index, year in enumerate(years):
                decided = D(year, 1, 20) <= today
                yearly = m.YearlyList.objects.create(
                    plan=plan,
                    year=year,
                    state="decided" if decided else "draft",
                    decision_number=f"{index + 3:02d}-QĐ/TĐTN" if decided else "",
                    decision_date=D(year, 1, 20) if decided else None,
                )
                for person in sent[2 * index : 2 * index + 2]:
                    group = 1 + (rng.random() < 0.5)
                    title = "deputy_secretary" if group == 1 else "standing_member"
                    host = rng.choice(hosts)
                    start = D(year, 2, 1)
                    candidate = m.Candidate.objects.create(
                        yearly_list=yearly,
                        person_id=person,
                        group=group,
                        host_id=host,
                        host_title=title,
                        start_date=start,
                    )
                    if not decided:
                        continue
                    end = D(year + 1, 2, 1)
                    finished = end <= today
                    m.Placement.objects.create(
                        person_id=person,
                        plan=plan,
                        candidate=candidate,
                        year=year,
                        group=group,
                        host_id=host,
                        host_title=title,
                        start_date=start,
                        planned_end=end,
                        actual_end=end if finished else None,
                        state="finished" if finished else "active",
                    )
                    count += 1
    log(f"placements: {count:,}", started)


# ---------------------------------------------------------------------------- entry point


DOMAIN_APPS = ("visits", "programme", "cadrework", "placements")
DOMAIN_TABLES_OF_PEOPLE = ("people_post", "people_trainingrecord", "people_certificate")


def reset_domain():
    """Delete every domain record (bench databases only): the units and persons stay."""
    from django.apps import apps

    from coso.org.models import Cluster

    name = str(connection.settings_dict["NAME"] or "")
    if "bench" not in name:
        raise SystemExit(f"--reset-domain only runs on a database whose name contains 'bench' (this one: {name}).")
    started = time.monotonic()
    tables = [m._meta.db_table for app in DOMAIN_APPS for m in apps.get_app_config(app).get_models()]
    tables += [Cluster._meta.db_table, Cluster.units.through._meta.db_table, *DOMAIN_TABLES_OF_PEOPLE]
    tables += [
        m._meta.db_table
        for m in apps.get_models()
        if m._meta.db_table.startswith(
            ("visits_historical", "programme_historical", "cadrework_historical", "placements_historical")
        )
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in sorted(set(tables))) + " CASCADE"
            )
        else:
            for app in DOMAIN_APPS:
                for model in reversed(list(apps.get_app_config(app).get_models())):
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
            for table in (Cluster.units.through._meta.db_table, Cluster._meta.db_table, *DOMAIN_TABLES_OF_PEOPLE):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
    log("domain records deleted", started)


def add_domain(*, rng, today=None, years=5, programme_share=PROGRAMME_DISTRICT_SHARE, keep_indexes=False):
    """Every domain record described in the module docstring, on the units and persons here."""
    from coso.org.models import Unit
    from coso.people.models import Person
    from coso.visits.models import Visit

    started = time.monotonic()
    today = today or timezone.localdate()
    year_list = list(range(today.year - years + 1, today.year + 1))
    if Visit.objects.exists():
        raise SystemExit("Domain records already exist here (visits): generate them on a dataset without any.")
    tree = Tree()
    upper = tree.of_kind["province"] + tree.of_kind["district"]
    cadres = list(Person.objects.filter(is_cadre=True, unit_id__in=upper).values_list("pk", "unit_id").order_by("pk"))
    log(
        f"domain records for {today:%d/%m/%Y}, years {year_list[0]}–{year_list[-1]}: {len(cadres):,} upper-level cadres"
    )
    ids = Ids()
    add_visits(tree, cadres, year_list, today, rng, ids, keep_indexes)
    from coso.visits import ancestry as visit_ancestry

    step = time.monotonic()
    visit_ancestry.fill_all()  # the persons' and units' provinces and districts of trips and practices
    log("visits, practices: ancestors filled", step)
    districts = tree.of_kind["district"] or tree.of_kind["province"]
    share = max(1, round(len(districts) * programme_share))
    chosen = set(rng.sample(districts, min(share, len(districts))))
    codes = set(Unit.objects.filter(pk__in=chosen).values_list("code", flat=True))
    if Unit.objects.filter(code="vn-79-776").exists():
        codes.add("vn-79-776")  # Quận 8, whose plan is seed 001
    add_programme(tree, year_list[-1], today, rng, ids, keep_indexes, sorted(codes))
    add_cadrework(tree, year_list, today, rng, ids, keep_indexes)
    add_placements(tree, cadres, year_list, today, rng)
    ids.reset_sequences()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # VACUUM as autovacuum would have by then: a live database's tables have their
        # visibility maps set (index-only scans); freshly copied ones do not until autovacuum
        # happens to pass, which made the figures depend on when the benchmark ran.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log("domain records done", started)
