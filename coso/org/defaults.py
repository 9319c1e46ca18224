"""Default reference data (levels, sectors, classification schemes), loaded by a migration.

Organisations edit these rows afterwards; the seeds' values are only the starting point.
"""

LEVELS = [
    # code, name, English, kind, order
    ("trung-uong", "Trung ương Đoàn", "Central Committee", "central", 0),
    ("tinh-doan", "Tỉnh đoàn, Thành đoàn", "Provincial union", "province", 1),
    (
        "huyen-doan",
        "Huyện đoàn, Quận đoàn, Thị đoàn, Thành đoàn trực thuộc tỉnh",
        "District-level union",
        "district",
        2,
    ),
    ("doan-truc-thuoc", "Đoàn trực thuộc", "Directly attached union", "district", 2),
    ("doan-co-so", "Đoàn cơ sở", "Base union", "base", 3),
    ("chi-doan-co-so", "Chi đoàn cơ sở", "Base branch", "base", 3),
    ("chi-doan", "Chi đoàn", "Branch", "branch", 4),
]

SECTORS = [
    ("dia-ban-dan-cu", "Địa bàn dân cư", "Residential areas"),
    ("truong-hoc", "Trường học", "Schools"),
    ("cong-nhan-lao-dong", "Công nhân lao động", "Workers"),
    ("hanh-chinh-su-nghiep", "Hành chính sự nghiệp", "Administration"),
    ("luc-luong-vu-trang", "Lực lượng vũ trang", "Armed forces"),
]

# code, name, subject, from, to, source, levels [(code, name, rank, below_average)]
SCHEMES = [
    (
        "to-chuc-truoc-2023",
        "Xếp loại tổ chức Đoàn (trước 2023)",
        "unit",
        2000,
        2022,
        "Hướng dẫn cũ của BCH TW Đoàn",
        [
            ("VM", "Vững mạnh", 1, False),
            ("KHA", "Khá", 2, False),
            ("TB", "Trung bình", 3, True),
            ("YEU", "Yếu", 4, True),
        ],
    ),
    (
        "to-chuc-tu-2023",
        "Xếp loại tổ chức Đoàn (từ 2023)",
        "unit",
        2023,
        None,
        "25-HD/TWĐTN-BTC",
        [
            ("HTXSNV", "Hoàn thành xuất sắc nhiệm vụ", 1, False),
            ("HTTNV", "Hoàn thành tốt nhiệm vụ", 2, False),
            ("HTNV", "Hoàn thành nhiệm vụ", 3, True),
            ("KHTNV", "Không hoàn thành nhiệm vụ", 4, True),
        ],
    ),
    (
        "doan-vien-truoc-2023",
        "Xếp loại đoàn viên (trước 2023)",
        "member",
        2000,
        2022,
        "Hướng dẫn cũ của BCH TW Đoàn",
        [
            ("XS", "Xuất sắc", 1, False),
            ("KHA", "Khá", 2, False),
            ("TB", "Trung bình", 3, True),
            ("YEU", "Yếu", 4, True),
        ],
    ),
    (
        "doan-vien-tu-2023",
        "Xếp loại đoàn viên (từ 2023)",
        "member",
        2023,
        None,
        "25-HD/TWĐTN-BTC",
        [
            ("HTXSNV", "Hoàn thành xuất sắc nhiệm vụ", 1, False),
            ("HTTNV", "Hoàn thành tốt nhiệm vụ", 2, False),
            ("HTNV", "Hoàn thành nhiệm vụ", 3, True),
            ("KHTNV", "Không hoàn thành nhiệm vụ", 4, True),
        ],
    ),
    (
        "can-bo",
        "Đánh giá, xếp loại cán bộ",
        "cadre",
        2000,
        None,
        "Quy định đánh giá cán bộ",
        [
            ("HTXSNV", "Hoàn thành xuất sắc nhiệm vụ", 1, False),
            ("HTTNV", "Hoàn thành tốt nhiệm vụ", 2, False),
            ("HTNV", "Hoàn thành nhiệm vụ", 3, True),
            ("KHTNV", "Không hoàn thành nhiệm vụ", 4, True),
        ],
    ),
]


def load(apps):
    UnitLevel = apps.get_model("org", "UnitLevel")
    Sector = apps.get_model("org", "Sector")
    Scheme = apps.get_model("org", "ClassificationScheme")
    Level = apps.get_model("org", "ClassificationLevel")
    for code, name, name_en, kind, order in LEVELS:
        UnitLevel.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "kind": kind, "order": order}
        )
    for code, name, name_en in SECTORS:
        Sector.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
    for code, name, subject, start, end, source, levels in SCHEMES:
        scheme, _ = Scheme.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "subject": subject,
                "valid_from_year": start,
                "valid_to_year": end,
                "source": source,
            },
        )
        for level_code, level_name, rank, below in levels:
            Level.objects.get_or_create(
                scheme=scheme, code=level_code, defaults={"name": level_name, "rank": rank, "is_below_average": below}
            )
