"""Issue 15 point 15: the import templates' example unit code is a real code, one the user can
look up on the unit's page (a unit of their own scope), never a made-up one."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.org.models import Unit

# kind -> the column whose example is an existing unit's code
CODE_COLUMN = {"persons": "Mã đơn vị", "records": "Mã đơn vị", "units": "Mã đơn vị cấp trên"}


def _example(client, kind):
    response = client.get(reverse("imports:template", args=[kind]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Dữ liệu"]
    headers = [c.value for c in sheet[1]]
    return sheet.cell(row=2, column=headers.index(CODE_COLUMN[kind]) + 1).value


@pytest.mark.parametrize("kind", sorted(CODE_COLUMN))
@pytest.mark.parametrize("role", ["district_standing", "provincial_standing", "base_officer"])
def test_the_example_code_is_shown_on_a_unit_page_the_user_can_open(tree, client_for, kind, role):
    client = client_for(role)
    code = _example(client, kind)
    unit = Unit.objects.get(code=code)  # a real unit, not a placeholder
    page = client.get(reverse("org:detail", args=[unit.pk]))
    assert page.status_code == 200, (role, kind, code)
    assert f"Mã: {code}" in page.content.decode()


def test_the_example_is_in_the_users_own_scope(tree, client_for):
    # Bắc Trà My's officer gets a Bắc Trà My unit, never Tam Kỳ's.
    code = _example(client_for("district_standing"), "persons")
    assert Unit.objects.get(code=code).path.startswith(tree.bactramy.path)
    code = _example(client_for("district_standing_tamky"), "persons")
    assert Unit.objects.get(code=code).path.startswith(tree.tamky.path)


def test_a_user_who_only_sees_units_gets_one_of_those_not_a_placeholder(tree):
    """The movement cadre (view only; the imports area is not theirs, but the template is built
    the same way wherever it is offered) gets a unit they can see."""
    from coso.accounts.scoping import visible_units
    from coso.imports.workbooks import template_bytes

    account = tree.users["movement_cadre"]
    sheet = load_workbook(io.BytesIO(template_bytes("persons", account)))["Dữ liệu"]
    headers = [c.value for c in sheet[1]]
    code = sheet.cell(row=2, column=headers.index("Mã đơn vị") + 1).value
    assert visible_units(account).filter(code=code).exists()
