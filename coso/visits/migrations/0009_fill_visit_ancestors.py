"""The existing trips' cadre's and host unit's province and district (``coso.visits.ancestry``,
issue 9): the cadre's copied from the person's row in one UPDATE, the host's grouped by the
visited units' ancestors. At scale 1.0 (842,385 trips) see docs/performance.md."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    from collections import defaultdict

    from coso.people import ancestry

    Visit, Person, Unit = apps.get_model("visits", "Visit"), apps.get_model("people", "Person"), apps.get_model("org", "Unit")
    person = Person.objects.filter(pk=OuterRef("cadre_id"))
    Visit.objects.update(
        cadre_province_id=Subquery(person.values("province_id")[:1]),
        cadre_district_id=Subquery(person.values("district_id")[:1]),
    )
    visited = Visit.objects.order_by().values("unit_id").distinct()
    units = list(Unit.objects.filter(pk__in=visited).order_by("path").values_list("pk", "path"))
    for start in range(0, len(units), 40000):
        groups = defaultdict(list)
        for pk, found in ancestry.for_units(units[start : start + 40000]).items():
            groups[found].append(pk)
        for (province_id, district_id), ids in groups.items():
            for first in range(0, len(ids), 2000):
                Visit.objects.filter(unit_id__in=ids[first : first + 2000]).update(
                    host_province_id=province_id, host_district_id=district_id
                )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0008_visit_ancestors"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
