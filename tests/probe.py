"""The probe of issue 11, point 5: every role that has no right over Tam Kỳ requests every
route of a scope matrix (GET, with the ids of Tam Kỳ's real rows the matrix builds) and no
2xx answer may contain the name of one of those records. Each matrix module calls
``leaks`` with its own routes, fixture and names, so a route added to a matrix is probed too.
"""

import io
import zipfile

from openpyxl import load_workbook

# The roles of the demo whose scope does not reach Tam Kỳ (tests/builders.py): the other
# district's officer, a commune's, a branch's, a member of that branch.
OUTSIDE_TAMKY = ("district_standing", "base_officer", "branch_officer", "member")


def body_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/vnd.openxmlformats-officedocument.spreadsheetml"):
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return " ".join(str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c)
    if content[:2] == b"PK":  # .docx and other zipped papers: their XML parts
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist() if name.endswith(".xml")
            )
    return content.decode("utf-8", "replace")


def _url(builder, tree):
    if isinstance(builder, tuple):
        builder = builder[0]
    return builder if isinstance(builder, str) else builder(tree)


def leaks(client_for, tree, builders, names, roles=OUTSIDE_TAMKY):
    """``["member GET /x: ['Tam Kỳ']", …]`` for every 2xx answer that names a foreign record."""
    urls = [_url(builder, tree) for builder in builders]
    # As written, not folded: a search box echoing «an my» is not a leak of «An Mỹ».
    found = []
    for role in roles:
        client = client_for(role)
        for url in urls:
            response = client.get(url)
            if 200 <= response.status_code < 300:
                text = body_text(response)
                hit = [name for name in names if name in text]
                if hit:
                    found.append(f"{role} GET {url}: {hit}")
    return found
