"""The indicator engine: registries of populations and measures, and ``compute``/``dashboard``.

A *population* is a pure function ``(owner unit, year) -> QuerySet`` (who the indicator is
about); a *measure* is a pure function ``(owner unit, year) -> Q`` on that queryset's model
(who counts as achieved), or a :class:`Held` (a person holds at least n of their own records
matching a Q: a training, a certificate), which the dashboard counts from the population's own
records in one grouped query instead of a subquery over the whole country's records. Adding one
is one function and one line in the registry; :func:`measure_q` gives any measure as a Q.

Each population and measure names its *subject* (``person`` or ``source``); an indicator
pairs a population and a measure of the same subject. Both subjects have a ``unit`` foreign
key, which is how a result is narrowed to a subtree and to what a user may see.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.db.models.query import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coso.accounts import scoping
from coso.core.errors import DomainError
from coso.org.models import Unit, UnitLevel
from coso.people import ancestry
from coso.people.models import Certificate, Person, Post, PostTitle, TrainingRecord

PERSON = "person"
SOURCE = "source"

# Rules as data: the defaults the measures read.
UNIVERSITY_OR_HIGHER = (Person.Education.UNIVERSITY, Person.Education.MASTER, Person.Education.DOCTOR)
B1_OR_HIGHER = ("B1", "B2", "C1", "C2")
INTERMEDIATE_LEVELS = ("intermediate", "trung cấp", "Trung cấp")
ADVANCED_LEVELS = ("advanced", "cao cấp", "Cao cấp")
NEW_WARD_OFFICER_TITLES = (PostTitle.SECRETARY, PostTitle.FEDERATION_CHAIR, PostTitle.PIONEER_LEADER)
KNOWLEDGE_SKILL_KINDS = (
    TrainingRecord.Kind.YOUTH_WORK,
    TrainingRecord.Kind.PIONEER_LEADER,
    TrainingRecord.Kind.POLITICAL_THEORY,
)
BASIC_TRAINING_KINDS = (TrainingRecord.Kind.YOUTH_WORK, TrainingRecord.Kind.PIONEER_LEADER)
LANGUAGE_DIGITAL_KINDS = (TrainingRecord.Kind.FOREIGN_LANGUAGE, TrainingRecord.Kind.DIGITAL_SKILLS)
THEMATIC_KINDS = (TrainingRecord.Kind.THEMATIC, TrainingRecord.Kind.RESOLUTION_STUDY)


@dataclass(frozen=True)
class Population:
    label: str
    subject: str
    fn: object


@dataclass(frozen=True)
class Param:
    """A setting of a measure the plan chooses (e.g. the certificate level), from ``choices``."""

    name: str
    label: str
    choices: tuple
    default: str


@dataclass(frozen=True)
class Measure:
    label: str
    subject: str
    fn: object
    params: tuple = ()  # of Param; the function then takes them as keyword arguments


# ---------------------------------------------------------------- helpers (pure)


@dataclass(frozen=True)
class Held:
    """A person measure read from the person's own records: at least ``at_least`` rows of the
    relation ``relation`` of Person (``trainings``, ``certificates``) match ``q`` (a Q on that
    record model).

    Two readings of the same rule: :meth:`person_q`, a Q on Person (the click-through lists, an
    indicator alone), and :meth:`count`, the number of the person's matching records when the
    population is grouped by person with its records joined (the dashboard: one pass over the
    population's own records, whatever the country holds)."""

    relation: str
    q: Q
    at_least: int = 1

    def person_q(self):
        records = Person._meta.get_field(self.relation).related_model.objects.filter(self.q)
        if self.at_least > 1:
            records = records.values("person_id").annotate(n=Count("id")).filter(n__gte=self.at_least)
        return Q(pk__in=records.values("person_id"))

    def count(self):
        return Count(self.relation, filter=_prefixed(self.q, self.relation), distinct=True)


def _prefixed(q, relation):
    """``q`` (on a related model) as a Q on Person through ``relation``."""
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    out.children = [
        _prefixed(child, relation) if isinstance(child, Q) else (f"{relation}__{child[0]}", child[1])
        for child in q.children
    ]
    return out


def as_q(measured):
    """A measure's result as a Q on its subject."""
    return measured.person_q() if isinstance(measured, Held) else measured


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _in_year(year, prefix=""):
    """Trainings that took place (at least partly) in ``year``: a training wholly in the
    previous year does not count; one without an end date counts in the year it started."""
    first, last = year_bounds(year)
    return Q(**{f"{prefix}start_date__lte": last}) & (
        Q(**{f"{prefix}end_date__gte": first})
        | Q(**{f"{prefix}end_date__isnull": True, f"{prefix}start_date__gte": first})
    )


def _levels_q(field, levels):
    q = Q()
    for level in levels:
        q |= Q(**{f"{field}__iexact": level}) | Q(**{f"{field}__istartswith": f"{level} "})
    return q


def _trained(year, kinds, *, completed=True, extra=None):
    """Has a training of one of ``kinds`` in ``year``."""
    q = Q(kind__in=kinds) & _in_year(year)
    if completed:
        q &= Q(completed=True)
    if extra is not None:
        q &= extra
    return Held("trainings", q)


def _trained_at_least(year, kinds, n):
    return Held("trainings", Q(kind__in=kinds) & _in_year(year), at_least=n)


def _subtree(owner, prefix="unit__"):
    return Q(**{f"{prefix}path__startswith": owner.path})


def _posts_q(owner, titles, **extra):
    """Q on Post: posts of ``titles`` in base units under ``owner`` (not the owner itself)."""
    return (
        Q(unit__path__startswith=owner.path, unit__level__kind=UnitLevel.Kind.BASE, title__in=titles)
        & ~Q(unit_id=owner.pk)
        & Q(**extra)
    )


def reference_day(year):
    """The day on which "current" posts are read for a year: its last day."""
    return year_bounds(year)[1]


# ---------------------------------------------------------------- populations


def district_cadres(owner, year):
    """Cadres of the owner unit's own agency (cán bộ cơ quan chuyên trách)."""
    return Person.objects.filter(is_cadre=True, unit=owner)


def full_time_district_cadres(owner, year):
    return district_cadres(owner, year).filter(works_full_time=True)


def ward_secretaries(owner, year):
    """Current secretaries of the base units under the owner (on the year's last day)."""
    day = reference_day(year)
    posts = Post.objects.filter(
        _posts_q(owner, [PostTitle.SECRETARY], start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))
    )
    return Person.objects.filter(pk__in=posts.values("person_id"))


def new_ward_officers(owner, year):
    """Secretaries, Youth Federation chairs and Pioneer leaders of base units appointed in the year."""
    first, last = year_bounds(year)
    posts = Post.objects.filter(_posts_q(owner, NEW_WARD_OFFICER_TITLES, start_date__gte=first, start_date__lte=last))
    return Person.objects.filter(pk__in=posts.values("person_id"))


def all_cadres_in_scope(owner, year):
    return Person.objects.filter(ancestry.under_unit_q(owner), is_cadre=True)


def _sources(owner, year, kind):
    from coso.cadrework.models import SourcePoolEntry

    return SourcePoolEntry.objects.filter(_subtree(owner), kind=kind, added_on__lte=year_bounds(year)[1])


def pioneer_commander_sources(owner, year):
    from coso.cadrework.models import SourcePoolEntry

    return _sources(owner, year, SourcePoolEntry.Kind.PIONEER_COMMANDER)


def school_union_cadre_sources(owner, year):
    from coso.cadrework.models import SourcePoolEntry

    return _sources(owner, year, SourcePoolEntry.Kind.SCHOOL_UNION_CADRE)


POPULATIONS = {
    "district_cadres": Population(_("Cán bộ cơ quan chuyên trách của đơn vị"), PERSON, district_cadres),
    "full_time_district_cadres": Population(_("Cán bộ chuyên trách của đơn vị"), PERSON, full_time_district_cadres),
    "ward_secretaries": Population(_("Bí thư Đoàn cơ sở (phường) đương nhiệm"), PERSON, ward_secretaries),
    "new_ward_officers": Population(
        _("Bí thư Đoàn, Chủ tịch Hội LHTN, Tổng phụ trách Đội cơ sở mới nhận nhiệm vụ trong năm"),
        PERSON,
        new_ward_officers,
    ),
    "all_cadres_in_scope": Population(
        _("Cán bộ Đoàn – Hội – Đội trong đơn vị và cấp dưới"), PERSON, all_cadres_in_scope
    ),
    "pioneer_commander_sources": Population(_("Nguồn chỉ huy Đội"), SOURCE, pioneer_commander_sources),
    "school_union_cadre_sources": Population(
        _("Nguồn cán bộ Đoàn trung học phổ thông"), SOURCE, school_union_cadre_sources
    ),
}


# ---------------------------------------------------------------- measures


def studied_resolutions(owner, year):
    return _trained(year, [TrainingRecord.Kind.RESOLUTION_STUDY])


def trained_knowledge_skills(owner, year):
    return _trained(year, KNOWLEDGE_SKILL_KINDS)


def basic_training(owner, year):
    return _trained(year, BASIC_TRAINING_KINDS)


def two_language_or_digital_activities(owner, year):
    return _trained_at_least(year, LANGUAGE_DIGITAL_KINDS, 2)


def has_b1_or_higher(owner, year):
    """Holds a foreign-language certificate at B1 or above (a B2 counts for B1), issued by the year's end."""
    return Held(
        "certificates",
        Q(kind=Certificate.Kind.FOREIGN_LANGUAGE)
        & _levels_q("level", B1_OR_HIGHER)
        & (Q(issued_on__isnull=True) | Q(issued_on__lte=year_bounds(year)[1])),
    )


LANGUAGE_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


def language_certificate_at_least(owner, year, *, level="B1"):
    """Holds a foreign-language certificate at ``level`` or above, issued by the year's end."""
    levels = LANGUAGE_LEVELS[LANGUAGE_LEVELS.index(level) :]
    return Held(
        "certificates",
        Q(kind=Certificate.Kind.FOREIGN_LANGUAGE)
        & _levels_q("level", levels)
        & (Q(issued_on__isnull=True) | Q(issued_on__lte=year_bounds(year)[1])),
    )


def university_or_higher(owner, year):
    return Q(education__in=UNIVERSITY_OR_HIGHER)


def advanced_training(owner, year):
    """Trained in the year in intermediate youth work, the Pioneer-leader title, or
    intermediate/advanced political theory (started or still going counts: "được đào tạo")."""
    q = (
        (Q(kind=TrainingRecord.Kind.YOUTH_WORK) & _levels_q("level", INTERMEDIATE_LEVELS))
        | Q(kind=TrainingRecord.Kind.PIONEER_LEADER)
        | (Q(kind=TrainingRecord.Kind.POLITICAL_THEORY) & _levels_q("level", INTERMEDIATE_LEVELS + ADVANCED_LEVELS))
    )
    return Held("trainings", q & _in_year(year))


def two_thematic_topics(owner, year):
    return _trained_at_least(year, THEMATIC_KINDS, 2)


def _reached(stage):
    def measure(owner, year):
        from coso.cadrework.models import SourceStageChange

        first, last = year_bounds(year)
        changes = SourceStageChange.objects.filter(to_stage=stage, on__gte=first, on__lte=last)
        return Q(pk__in=changes.values("entry_id"))

    return measure


became_high_school_union_cadre = _reached("hs_union_cadre")
became_university_union_cadre = _reached("uni_union_cadre")


MEASURES = {
    "studied_resolutions": Measure(_("Đã học tập, quán triệt nghị quyết trong năm"), PERSON, studied_resolutions),
    "trained_knowledge_skills": Measure(
        _("Được bồi dưỡng kiến thức, nghiệp vụ, kỹ năng trong năm"), PERSON, trained_knowledge_skills
    ),
    "basic_training": Measure(_("Được bồi dưỡng nghiệp vụ, kiến thức cơ bản trong năm"), PERSON, basic_training),
    "two_language_or_digital_activities": Measure(
        _("Tham gia ít nhất 02 hoạt động ngoại ngữ, chuyển đổi số trong năm"),
        PERSON,
        two_language_or_digital_activities,
    ),
    "has_b1_or_higher": Measure(_("Có chứng chỉ ngoại ngữ B1 trở lên"), PERSON, has_b1_or_higher),
    "language_certificate_at_least": Measure(
        _("Có chứng chỉ ngoại ngữ từ cấp độ đã chọn trở lên (khung tham chiếu Châu Âu)"),
        PERSON,
        language_certificate_at_least,
        (Param("level", _("Cấp độ ngoại ngữ tối thiểu"), tuple((lv, lv) for lv in LANGUAGE_LEVELS), "B1"),),
    ),
    "university_or_higher": Measure(_("Trình độ đại học trở lên"), PERSON, university_or_higher),
    "advanced_training": Measure(
        _("Được đào tạo trung cấp thanh niên, Tổng phụ trách Đội, lý luận chính trị trung, cao cấp"),
        PERSON,
        advanced_training,
    ),
    "two_thematic_topics": Measure(_("Học tập ít nhất 02 chuyên đề trong năm"), PERSON, two_thematic_topics),
    "became_high_school_union_cadre": Measure(
        _("Trở thành cán bộ Đoàn trung học phổ thông trong năm"), SOURCE, became_high_school_union_cadre
    ),
    "became_university_union_cadre": Measure(
        _("Trở thành cán bộ Đoàn – Hội đại học, cao đẳng trong năm"), SOURCE, became_university_union_cadre
    ),
}


def clean_params(measure, params):
    """The measure's parameters from ``params`` (defaults filled in, unknown keys dropped)."""
    mea = MEASURES.get(measure)
    params = params or {}
    if mea is None:
        return {}
    return {p.name: params.get(p.name) or p.default for p in mea.params}


def check_codes(population, measure, params=None):
    """Every violation of an indicator's (population, measure, params), as (code, message) or,
    for a parameter, (code, message, form field ``param_<name>``)."""
    violations = []
    pop = POPULATIONS.get(population)
    mea = MEASURES.get(measure)
    if pop is None:
        violations.append(
            ("unknown_population", gettext("Không có định nghĩa đối tượng “%(code)s”.") % {"code": population})
        )
    if mea is None:
        violations.append(("unknown_measure", gettext("Không có định nghĩa tiêu chí “%(code)s”.") % {"code": measure}))
    if pop and mea and pop.subject != mea.subject:
        violations.append(
            (
                "subject_mismatch",
                gettext("Tiêu chí “%(measure)s” không áp dụng cho đối tượng “%(population)s”.")
                % {"measure": mea.label, "population": pop.label},
            )
        )
    for param in mea.params if mea else ():
        value = (params or {}).get(param.name, param.default)
        if value not in {code for code, _label in param.choices}:
            violations.append(
                (
                    "bad_param",
                    gettext("%(setting)s: “%(value)s” không hợp lệ.") % {"setting": param.label, "value": value},
                    f"param_{param.name}",
                )
            )
    return violations


def params_label(indicator):
    """The measure's label with its chosen parameters, e.g. "… (Cấp độ ngoại ngữ tối thiểu: B2)"."""
    mea = MEASURES[indicator.measure]
    chosen = [f"{p.label}: {(indicator.params or {}).get(p.name, p.default)}" for p in mea.params]
    return f"{mea.label} ({'; '.join(chosen)})" if chosen else str(mea.label)


# ---------------------------------------------------------------- compute


@dataclass
class IndicatorResult:
    indicator: object
    unit: object
    year: int
    population_count: int
    achieved_count: int
    percent: Decimal | None
    target_kind: str
    target_value: int
    met: bool
    achieved: QuerySet  # who counts (lazy: click-through list)
    missing: QuerySet  # who is missing (lazy)

    @property
    def name(self):
        return self.indicator.name

    @property
    def target_label(self):
        return f"{self.target_value}%" if self.target_kind == "percent" else str(self.target_value)

    @property
    def progress(self):
        """How far the unit is towards the target, in % of the target (100 = met): the one
        percentage the table, the chart, the export and the paper show (issue 15 point 7).
        A count target "10 cán bộ đạt B1" with 9 achievers is 90 %, however many were counted;
        a percent target "50 %" with 45 % of the counted people achieving is 90 % too. None when
        there is nothing to measure (no target, or nobody counted for a percent target)."""
        if not self.target_value:
            return None
        if self.target_kind == "count":
            actual = Decimal(self.achieved_count)
        elif self.percent is None:
            return None
        else:
            actual = self.percent
        return (actual * 100 / Decimal(self.target_value)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def actual_label(self):
        """Actual / target, as the table shows it: "9/10" (count) or "45,0%/50%" (percent)."""
        if self.target_kind == "count":
            return f"{self.achieved_count}/{self.target_value}"
        actual = "–" if self.percent is None else f"{number_format(self.percent, 1)}%"
        return f"{actual}/{self.target_value}%"

    @property
    def shortfall(self):
        """How many more achievers would meet the target (0 when met)."""
        if self.met:
            return 0
        if self.target_kind == "count":
            return self.target_value - self.achieved_count
        needed = -(-self.target_value * self.population_count // 100)
        return max(needed - self.achieved_count, 0)


def _scoped(queryset, subject, unit, user):
    if subject == PERSON:
        # A province or a district by the persons' own columns: the same subtree named twice by
        # the units' paths (the population's, the unit's, the user's) made PostgreSQL believe a
        # few units matched, and probe the cadre index once per unit (8 s for a province).
        queryset = queryset.filter(ancestry.under_unit_q(unit))
        return queryset if user is None else scoping.visible_people(user, queryset, by_ancestor=True)
    queryset = queryset.filter(unit__path__startswith=unit.path)
    if user is None:
        return queryset
    return queryset.filter(scoping.unit_q(user, scoping.VIEW, prefix="unit__"))


def _is_met(target_kind, target_value, population_count, achieved_count):
    if target_kind == "count":
        return achieved_count >= target_value
    if population_count == 0:
        return True  # nobody to train: nothing outstanding
    return achieved_count * 100 >= target_value * population_count


def _percent(population_count, achieved_count):
    if not population_count:
        return None
    return (Decimal(achieved_count * 100) / Decimal(population_count)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _querysets(indicator, unit, year, user):
    """The indicator's population over ``unit`` for ``user``, and its measure as returned by
    the registry (a Q or a :class:`Held`)."""
    population = POPULATIONS[indicator.population]
    measure = MEASURES[indicator.measure]
    owner = indicator.plan.owner
    base = _scoped(population.fn(owner, year), population.subject, unit, user)
    params = {p.name: (indicator.params or {}).get(p.name, p.default) for p in measure.params}
    return base, measure.fn(owner, year, **params)


def measure_q(measure, owner, year, **params):
    """The measure named ``measure`` as a Q on its subject (whatever form the registry gives)."""
    return as_q(MEASURES[measure].fn(owner, year, **params))


def _check_scope(user, unit):
    if user is not None and not scoping.can(user, scoping.VIEW, unit):
        raise scoping.OutOfScope(gettext("Bạn không có quyền xem số liệu của đơn vị này."))


def compute(indicator, unit=None, year=None, *, user=None):
    """The result of one indicator over ``unit``'s subtree (default: the plan's owner) in
    ``year`` (default: the plan's year), limited to what ``user`` may see. One query for the
    figures; ``achieved`` and ``missing`` stay lazy."""
    unit = unit or indicator.plan.owner
    year = year or indicator.plan.year
    _check_scope(user, unit)
    return _result(indicator, unit, year, user)


def _result(indicator, unit, year, user):
    base, measured = _querysets(indicator, unit, year, user)
    achieved_q = as_q(measured)
    figures = base.aggregate(total=Count("pk"), achieved=Count("pk", filter=achieved_q))
    return _made(indicator, unit, year, base, achieved_q, figures["total"], figures["achieved"])


def _made(indicator, unit, year, base, achieved_q, total, achieved):
    return IndicatorResult(
        indicator=indicator,
        unit=unit,
        year=year,
        population_count=total,
        achieved_count=achieved,
        percent=_percent(total, achieved),
        target_kind=indicator.target_kind,
        target_value=indicator.target_value,
        met=_is_met(indicator.target_kind, indicator.target_value, total, achieved),
        achieved=base.filter(achieved_q),
        missing=base.exclude(achieved_q),
    )


def dashboard(plan, unit=None, *, user, year=None):
    """Every indicator of ``plan`` over ``unit``'s subtree, for ``user``.

    Queries: the indicators, the user's grants, then one aggregate per *population* the plan's
    indicators count (a ``COUNT(*) FILTER (WHERE …)`` per indicator over the population's rows,
    read once): bounded by the populations the indicators use (at most the registry's few),
    never by the number of indicators or of people. When some of them are :class:`Held`
    measures, the population is grouped by person with its own records joined (a count of the
    matching records per person, then a count of the persons reaching each threshold), so the
    records read are the population's, not the whole country's (issue 9: a province's
    dashboard scanned the country's trainings once per indicator).
    """
    unit = unit or plan.owner
    if not isinstance(unit, Unit):
        raise DomainError("bad_unit", gettext("Đơn vị không hợp lệ."))
    _check_scope(user, unit)
    year = year or plan.year
    indicators = list(plan.indicators.select_related("plan__owner__level").order_by("order", "id"))
    if indicators and unit.pk == plan.owner_id:
        unit = indicators[0].plan.owner  # read with its level, which the persons' filter needs
    by_population = {}
    for indicator in indicators:
        by_population.setdefault(indicator.population, []).append(indicator)
    results = {}
    for members in by_population.values():
        pairs = [_querysets(indicator, unit, year, user) for indicator in members]
        figures = _figures(pairs[0][0], [measured for _base, measured in pairs])
        for i, (indicator, (own_base, measured)) in enumerate(zip(members, pairs, strict=True)):
            results[indicator.pk] = _made(
                indicator, unit, year, own_base, as_q(measured), figures["total"], figures[f"achieved_{i}"]
            )
    return [results[indicator.pk] for indicator in indicators]


def _figures(base, measures):
    """``{"total": n, "achieved_<i>": n, …}`` over ``base`` for each measure, in one query."""
    if not any(isinstance(m, Held) for m in measures):
        aggregates = {f"achieved_{i}": Count("pk", filter=m) for i, m in enumerate(measures)}
        return base.aggregate(total=Count("pk"), **aggregates)
    # Grouped by person, each measure's count of the person's matching records (a plain Q on
    # the person counts its own row: 1 or 0), then the persons reaching each threshold.
    per_person, thresholds = {}, {}
    for i, m in enumerate(measures):
        if isinstance(m, Held):
            per_person[f"m_{i}"], thresholds[i] = m.count(), m.at_least
        else:
            per_person[f"m_{i}"], thresholds[i] = Count("pk", filter=m, distinct=True), 1
    aggregates = {f"achieved_{i}": Count("pk", filter=Q(**{f"m_{i}__gte": n})) for i, n in thresholds.items()}
    return base.annotate(**per_person).aggregate(total=Count("pk"), **aggregates)
