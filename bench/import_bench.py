"""Time the Excel import of persons: generate an N-row .xlsx, validate it, commit it.

    .venv/bin/python bench/import_bench.py              # 100,000 rows, a fresh SQLite file
    .venv/bin/python bench/import_bench.py --rows 20000 --profile

Runs on a throw-away SQLite database in a temporary directory (migrated, with the small
test tree of tests/builders.py), unless ``--database-url`` names another one (its name
must contain "bench"). Prints the file size and the time of each step; exits non-zero if
validate + commit takes longer than ``--budget`` seconds (default 20).
"""

import argparse
import cProfile
import datetime
import io
import os
import pstats
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds allowed for validate + commit")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--profile", action="store_true", help="print the top functions of each step")
    parser.add_argument(
        "--writer",
        choices=["excel", "openpyxl"],
        default="excel",
        help="excel: shared strings and date serials, as Excel saves a file (default); "
        "openpyxl: inline strings, a bigger sheet (worst case)",
    )
    return parser.parse_args()


def setup_django(args, workdir):
    if args.database_url:
        if "bench" not in args.database_url:
            sys.exit("--database-url must name a database whose name contains 'bench'")
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'import-bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")
    os.environ["DEBUG"] = "0"
    os.environ["IMPORT_MAX_ROWS"] = str(max(args.rows, 200_000))
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Thu", "Quốc", ""]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hùng",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Ngọc",
    "Phong",
    "Phúc",
    "Quang",
    "Quy",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
]
GROUPS = ["Học sinh", "Sinh viên", "Công nhân lao động", "Thanh niên địa bàn dân cư"]


HEADERS = [
    "Họ",
    "Tên đệm",
    "Tên",
    "Ngày sinh",
    "Giới tính",
    "Mã đơn vị",
    "Cán bộ",
    "Đoàn viên",
    "Đối tượng",
    "Đảng",
    "Biên chế",
    "Điện thoại",
    "Email",
    "Ngày vào Đoàn",
    "Trình độ học vấn",
    "Lý luận chính trị",
]


def make_rows(rows, unit_codes):
    """Realistic rows: real date cells and text dates, phones, the usual columns, no duplicates."""
    rng = random.Random(2026)
    seen = set()
    for i in range(rows):
        while True:  # no two rows for the same person (the import refuses duplicates)
            family, middle, given = rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)
            birth = datetime.date(1985, 1, 1) + datetime.timedelta(days=rng.randrange(0, 7000))
            key = (family, middle, given, birth, i % len(unit_codes))
            if key not in seen:
                seen.add(key)
                break
        joined = birth + datetime.timedelta(days=365 * 16 + rng.randrange(0, 900))
        yield [
            family,
            middle,
            given,
            birth if i % 2 else birth.strftime("%d/%m/%Y"),
            "Nữ" if i % 2 else "Nam",
            unit_codes[i % len(unit_codes)],
            "không",
            "có",
            rng.choice(GROUPS),
            "Chưa",
            "không",
            f"09{rng.randrange(10_000_000, 99_999_999)}",
            f"nguoi{i}@example.vn",
            joined.strftime("%d/%m/%Y"),
            "Đại học",
            "",
        ]


def make_file_openpyxl(rows, unit_codes):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dữ liệu")
    sheet.append(HEADERS)
    for row in make_rows(rows, unit_codes):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _column(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def make_file_excel(rows, unit_codes):
    """The layout Excel itself saves: a shared-strings table, dates as serial numbers."""
    strings = {}
    epoch = datetime.date(1899, 12, 30)
    columns = [_column(i) for i in range(len(HEADERS))]
    parts = []
    for number, values in enumerate([HEADERS, *make_rows(rows, unit_codes)], start=1):
        cells = []
        for letter, value in zip(columns, values, strict=True):
            if value == "":
                continue
            if isinstance(value, datetime.date):
                cells.append(f'<c r="{letter}{number}" s="1"><v>{(value - epoch).days}</v></c>')
            else:
                index = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{letter}{number}" t="s"><v>{index}</v></c>')
        parts.append(f'<row r="{number}">{"".join(cells)}</row>')
    sheet = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}"><sheetData>{"".join(parts)}</sheetData></worksheet>'
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
            '<sheets><sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
            "</styleSheet>"
        ),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{shared}</sst>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode())
    return buffer.getvalue()


def timed(label, profile, func, *args, **kwargs):
    profiler = cProfile.Profile() if profile else None
    started, cpu_started = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    result = func(*args, **kwargs)
    if profiler:
        profiler.disable()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"{label:<30} {elapsed:7.2f} s  (CPU {cpu:.2f} s)", flush=True)
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    return result, elapsed


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="coso-import-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(args, workdir)
        from django.core.files.uploadedfile import SimpleUploadedFile

        from coso.imports import services
        from coso.imports.models import ImportJob
        from coso.people.models import Person
        from tests.builders import build_small_tree

        tree = build_small_tree()
        actor = tree.users["provincial_standing"]
        codes = ["t-ts-1", "t-am-2", "t-tg", "t-ts", "t-am"]
        cached = Path(tempfile.gettempdir()) / f"coso-import-bench-{args.writer}-{args.rows}.xlsx"
        if cached.exists():
            content = cached.read_bytes()
        else:
            make_file = make_file_excel if args.writer == "excel" else make_file_openpyxl
            content, _ = timed(f"generate {args.rows:,} rows", False, make_file, args.rows, codes)
            cached.write_bytes(content)
        print(f"{'file size':<30} {len(content) / 1024 / 1024:7.2f} MB")
        upload = SimpleUploadedFile("bench.xlsx", content)
        # Immediate task backend: start_import runs the safety checks and the validation inline.
        job, validate_s = timed(
            "upload + validate", args.profile, services.start_import, actor=actor, kind="persons", uploaded_file=upload
        )
        job.refresh_from_db()
        if job.status != ImportJob.Status.READY:
            sys.exit(f"validation failed: {job.status} {job.failure} {job.errors[:5]}")
        before = Person.objects.count()
        _, commit_s = timed(
            "commit (re-validate + insert)", args.profile, services.request_commit, actor=actor, job=job
        )
        job.refresh_from_db()
        created = Person.objects.count() - before
        if job.status != ImportJob.Status.DONE or created != args.rows:
            sys.exit(f"commit failed: {job.status} {job.failure} created={created}")
        total = validate_s + commit_s
        print(
            f"{'validate + commit':<30} {total:7.2f} s  ({args.rows / total:,.0f} rows/s, {created:,} persons "
            f"and {Person.history.count():,} history rows)"
        )
        if total > args.budget:
            sys.exit(f"over budget: {total:.1f} s > {args.budget:.0f} s")


if __name__ == "__main__":
    main()
