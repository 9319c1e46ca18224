"""The kept per-unit counts (``UnitHeadcount``) always equal a real count of the persons,
whatever wrote them: the ORM, bulk inserts, ``QuerySet.update``, moves, deletes, new units."""

from django.db.models import Count, Q

from coso.org.models import Unit
from coso.people.models import Person, UnitHeadcount
from coso.people.selectors import headcount
from tests.builders import person


def _kept():
    return {row.unit_id: (row.persons, row.cadres, row.members) for row in UnitHeadcount.objects.all() if row.persons}


def _counted():
    rows = Person.objects.values("unit_id").annotate(
        persons=Count("id"), cadres=Count("id", filter=Q(is_cadre=True)), members=Count("id", filter=Q(is_member=True))
    )
    return {row["unit_id"]: (row["persons"], row["cadres"], row["members"]) for row in rows}


def test_every_unit_has_its_row_and_the_counts_match_the_persons(tree):
    assert set(UnitHeadcount.objects.values_list("unit_id", flat=True)) == set(
        Unit.objects.values_list("pk", flat=True)
    )
    assert _kept() == _counted()


def test_counts_follow_creates_bulk_inserts_updates_moves_and_deletes(tree):
    new = person(tree.branch_trason, "Lê Văn Mới", is_cadre=True)
    Person.objects.bulk_create(
        [
            Person(family_name="Trần", given_name=f"Số {i}", sex="F", unit=tree.branch_anmy, is_member=i % 2 == 0)
            for i in range(5)
        ]
    )
    assert _kept() == _counted()

    Person.objects.filter(unit=tree.branch_anmy).update(is_cadre=True)
    new.unit = tree.tamky
    new.save()
    Person.objects.filter(pk=tree.member_trason2.pk).update(unit=tree.branch_anmy, is_member=False)
    Person.objects.filter(pk=tree.member_trason.pk).update(family_name="Đinh Thị")  # no count changes
    assert _kept() == _counted()

    Person.objects.filter(unit=tree.branch_anmy, is_member=False).delete()
    assert _kept() == _counted()


def test_a_new_unit_starts_at_zero_and_a_deleted_one_leaves_no_row(tree):
    unit = Unit.objects.add_child(tree.trason, dict(name="Chi đoàn mới", level=tree.branch_trason.level, code="cd-moi"))
    assert UnitHeadcount.objects.get(unit=unit).persons == 0
    person(unit, "Phan Thị Hoa")
    assert UnitHeadcount.objects.get(unit=unit).persons == 1
    Person.objects.filter(unit=unit).delete()
    unit.delete()
    assert not UnitHeadcount.objects.filter(unit_id=unit.pk).exists()


def test_each_row_keeps_its_units_path_through_creations_and_moves(tree):
    """The counts are summed by the paths they keep: a new unit's row has its path, and a
    move rewrites the rows of the whole moved subtree, so the province it left stops counting
    its persons and the one it joined counts them."""
    from coso.org import services as org_services

    def kept_paths():
        return dict(UnitHeadcount.objects.values_list("unit_id", "path"))

    assert kept_paths() == dict(Unit.objects.values_list("pk", "path"))
    unit = Unit.objects.add_child(tree.trason, dict(name="Chi đoàn mới", level=tree.branch_trason.level, code="cd-moi"))
    person(unit, "Phan Thị Hoa")
    assert UnitHeadcount.objects.get(unit=unit).path == Unit.objects.get(pk=unit.pk).path

    left, joined = tree.users["district_standing"], tree.users["district_standing_tamky"]
    before = headcount(left)["persons"], headcount(joined)["persons"]
    org_services.move_unit(actor=tree.admin, unit=tree.trason, new_parent=tree.tamky)
    assert kept_paths() == dict(Unit.objects.values_list("pk", "path"))
    moved = Person.objects.filter(unit__path__startswith=Unit.objects.get(pk=tree.trason.pk).path).count()
    assert moved > 0
    assert headcount(left)["persons"] == before[0] - moved == Person.objects.visible_to(left).count()
    assert headcount(joined)["persons"] == before[1] + moved == Person.objects.visible_to(joined).count()


def test_the_home_counts_are_the_counts_of_the_people_each_user_sees(tree):
    person(tree.branch_anmy, "Ngô Văn Cán", is_cadre=True)
    for name, user in [*tree.users.items(), ("admin", tree.admin)]:
        visible = Person.objects.visible_to(user)
        expected = {
            "persons": visible.count(),
            "cadres": visible.filter(is_cadre=True).count(),
            "members": visible.filter(is_member=True).count(),
        }
        assert headcount(user) == expected, name


def test_the_home_counts_read_the_kept_counts_not_the_persons(tree, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = tree.users["provincial_standing"]
    with CaptureQueriesContext(connection) as queries:
        counts = headcount(user)
    assert counts["cadres"] == Person.objects.visible_to(user).filter(is_cadre=True).count()
    assert not [q["sql"] for q in queries if "people_person" in q["sql"] and "COUNT(" in q["sql"].upper()]

    page = client_for("provincial_standing").get("/").content.decode()
    assert f'<div class="fs-4">{counts["cadres"]}</div><div class="text-muted small">cán bộ</div>' in page
    assert f'<div class="fs-4">{counts["members"]}</div><div class="text-muted small">đoàn viên</div>' in page


def test_the_person_list_total_is_the_real_total_for_every_user_and_filter(tree, client_for):
    import re

    person(tree.branch_anmy, "Ngô Văn Cán", is_cadre=True)
    for name in tree.users:
        client = client_for(name)
        user = tree.users[name]
        for query, people in [
            ("", Person.objects.visible_to(user)),
            ("?kind=cadre", Person.objects.visible_to(user).filter(is_cadre=True)),
            ("?kind=member&page=1", Person.objects.visible_to(user).filter(is_member=True)),
            (
                f"?unit={tree.trason.pk}",
                Person.objects.visible_to(user).filter(unit__path__startswith=tree.trason.path),
            ),
            (
                f"?unit={tree.branch_trason.pk}&kind=cadre",
                Person.objects.visible_to(user).filter(unit=tree.branch_trason, is_cadre=True),
            ),
            ("?sex=F", Person.objects.visible_to(user).filter(sex="F")),
        ]:
            page = client.get("/people/" + query).content.decode()
            shown = re.search(r"(\d[\d.]*) người · ", page)
            visible_unit = (
                "unit=" not in query
                or Unit.objects.visible_to(user).filter(pk=int(query.split("unit=")[1].split("&")[0])).exists()
            )
            expected = people.count() if visible_unit else 0
            assert shown and int(shown.group(1).replace(".", "")) == expected, (name, query)


def test_the_unfiltered_person_list_counts_no_person(tree, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("provincial_standing")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/people/").status_code == 200
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and 'FROM "people_person"' in q["sql"]]
