"""Default target groups and terms, loaded by a migration and editable afterwards."""

TARGET_GROUPS = [
    ("hoc-sinh", "Học sinh", "School students"),
    ("sinh-vien", "Sinh viên", "University students"),
    ("cong-nhan", "Công nhân lao động", "Workers"),
    ("dia-ban-dan-cu", "Thanh niên địa bàn dân cư", "Residents"),
    ("cong-chuc", "Cán bộ, công chức, viên chức", "Civil servants"),
    ("luc-luong-vu-trang", "Lực lượng vũ trang", "Armed forces"),
]

TERMS = [(2012, 2017), (2017, 2022), (2022, 2027), (2027, 2032)]


def load(apps):
    TargetGroup = apps.get_model("people", "TargetGroup")
    Term = apps.get_model("people", "Term")
    for code, name, name_en in TARGET_GROUPS:
        TargetGroup.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
    for start, end in TERMS:
        Term.objects.get_or_create(start_year=start, end_year=end)
