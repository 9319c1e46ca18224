import datetime

import pytest

from coso.org.models import ClassificationLevel
from coso.people.models import Body, Evaluation, Person, Planning, Post, PostTitle, Term
from coso.placements import services

START = datetime.date(2019, 1, 15)


def level(code):
    return ClassificationLevel.objects.get(scheme__code="can-bo", code=code)


def make_cadre(
    tree,
    name,
    *,
    sex="M",
    birth=(1992, 6, 1),
    group=2,
    party=Person.PartyStatus.MEMBER,
    evaluations=None,
    planned=True,
    on_payroll=True,
):
    """A young cadre of the provincial agency in group 1 or 2 (or none), evaluated HTTNV 2016–2018."""
    family, *middle, given = name.split()
    person = Person.objects.create(
        family_name=family,
        middle_name=" ".join(middle),
        given_name=given,
        sex=sex,
        birth_date=datetime.date(*birth),
        unit=tree.province,
        is_cadre=True,
        on_payroll=on_payroll,
        party_status=party,
        works_full_time=(group == 1),
        department=tree.movement if group == 2 else None,
        email=f"{given.lower()}@example.vn",
    )
    term, _ = Term.objects.get_or_create(start_year=2017, end_year=2022)
    if group == 1:
        Post.objects.create(
            person=person,
            unit=tree.province,
            body=Body.EXECUTIVE,
            title=PostTitle.EXECUTIVE_MEMBER,
            term=term,
            start_date=datetime.date(2017, 10, 1),
        )
        title = PostTitle.STANDING_MEMBER
    else:
        title = PostTitle.DEPUTY_HEAD_OF_DEPARTMENT
    if planned and group:
        Planning.objects.create(person=person, unit=tree.province, title=title, term=term)
    if evaluations is None:
        evaluations = {2016: "HTTNV", 2017: "HTXSNV", 2018: "HTTNV"}
    for year, code in evaluations.items():
        Evaluation.objects.create(person=person, year=year, level=level(code))
    return person


@pytest.fixture
def plan(tree):
    return services.create_plan(
        actor=tree.users["tckt_officer"],
        owner=tree.province,
        name="Kế hoạch 51-KH/TĐTN-TCKT",
        number="51-KH/TĐTN-TCKT",
        issued_on=datetime.date(2018, 5, 14),
        start_year=2018,
        end_year=2022,
    )


@pytest.fixture
def cadre(tree):
    def build(name, **kw):
        return make_cadre(tree, name, **kw)

    return build


@pytest.fixture
def mail_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings


def decided_list(tree, plan, people, year=2019, start=START):
    """A decided yearly list: each (person, group, host) placed from ``start``."""
    from coso.people.models import PostTitle

    tckt = tree.users["tckt_officer"]
    ylist = services.create_yearly_list(actor=tckt, plan=plan, year=year)
    for person, group, host in people:
        c = services.add_candidate(
            actor=tckt,
            yearly_list=ylist,
            person=person,
            group=group,
            host=host,
            host_title=PostTitle.DEPUTY_SECRETARY if group == 1 else PostTitle.STANDING_MEMBER,
            start_date=start,
        )
        if group == 1:
            services.record_party_agreement(
                actor=tckt, candidate=c, agreed_on=start - datetime.timedelta(days=10), document="25-CV/HU"
            )
    services.propose(actor=tckt, yearly_list=ylist)
    return services.decide(
        actor=tree.users["provincial_standing"],
        yearly_list=ylist,
        decision_number="120-QĐ/TĐTN",
        decision_date=start - datetime.timedelta(days=5),
        signer="Trần Thị Hồng|BÍ THƯ",
    )


@pytest.fixture
def placement(tree, plan):
    person = make_cadre(tree, "Huỳnh Văn Tài", group=2)
    decided_list(tree, plan, [(person, 2, tree.bactramy)])
    return person.placements.get()


@pytest.fixture
def world(tree, plan):
    """The 2019 list decided: Nguyễn Văn An (group 1) in Bắc Trà My, Trần Thị Bình (group 2) in
    Tam Kỳ; ``world.an_user`` is An's login; Lê Thị Chi (child 20 months) is not eligible."""
    from types import SimpleNamespace

    from coso.accounts.models import User
    from coso.people.models import Child

    an = make_cadre(tree, "Nguyễn Văn An", group=1, birth=(1990, 3, 1))
    binh = make_cadre(tree, "Trần Thị Bình", sex="F", group=2, birth=(1993, 8, 8))
    chi = make_cadre(tree, "Lê Thị Chi", sex="F", group=2, birth=(1991, 1, 1))
    Child.objects.create(person=chi, birth_date=datetime.date(2017, 6, 1))
    ylist = decided_list(tree, plan, [(an, 1, tree.bactramy), (binh, 2, tree.tamky)])
    w = SimpleNamespace(tree=tree, plan=plan, ylist=ylist, an=an, binh=binh, chi=chi)
    w.p_an = an.placements.get()
    w.p_binh = binh.placements.get()
    w.an_user = User.objects.create(username="an.cadre", person=an)
    return w
