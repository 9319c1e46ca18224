"""Programme results are shared by the units of a district: each reader gets the part under
them (issue 11 point 1). The district reads every commune's lines; a base union asking for the
district's results gets its own commune, never another commune's lines, on the page and in
every export."""

import io

from openpyxl import load_workbook

from coso.programme.tests.test_pages import evaluated


def _export_text(client, url):
    workbook = load_workbook(io.BytesIO(client.get(url).content), read_only=True)
    return " ".join(str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c)


def test_a_base_union_reads_only_its_own_part_of_the_district_results(registered, client_for):
    evaluated(registered)
    p, district = registered.programme.pk, registered.bactramy.pk
    other_commune = registered.tragiang.name

    as_district = client_for("district_standing").get(f"/programme/{p}/results/?unit={district}").content.decode()
    assert other_commune in as_district and "Đinh Thị Mai" in as_district

    base = client_for("base_officer")
    page = base.get(f"/programme/{p}/results/?unit={district}").content.decode()
    assert registered.trason.name in page and "Đinh Thị Mai" in page
    assert other_commune not in page
    for table in ("branches", "members", "criteria"):
        text = _export_text(base, f"/programme/{p}/results/export.xlsx?unit={district}&table={table}")
        assert other_commune not in text, table

    # The API answers the district's results to the base union as it would a missing unit.
    assert base.get(f"/api/programme/results?programme={p}&unit={district}").status_code == 404
    own = base.get(f"/api/programme/results?programme={p}&unit={registered.trason.pk}")
    assert own.status_code == 200
    assert other_commune not in own.content.decode()
