"""Build a province's union tree from the official lists of administrative units.

The lists ship in the PyPI package ``vietnamadminunits``: the 63 provinces with their
districts and communes as they were before 1 July 2025 (``before-2025``), and the 34
provinces with their communes, wards and special zones since then (``after-2025``, no
district level). Each administrative unit becomes one union:

=========================  =====================================  ====================
administrative unit        union                                  level (code)
=========================  =====================================  ====================
Tỉnh Quảng Nam             Tỉnh đoàn Quảng Nam                    ``tinh-doan``
Thành phố Hồ Chí Minh      Thành đoàn Hồ Chí Minh                 ``tinh-doan``
Huyện Bắc Trà My           Huyện đoàn Bắc Trà My                  ``huyen-doan``
Quận 8 / Quận Tân Phú      Quận đoàn 8 / Quận đoàn Tân Phú        ``huyen-doan``
Thị xã Điện Bàn            Thị đoàn Điện Bàn                      ``huyen-doan``
Thành phố Tam Kỳ           Thành đoàn Tam Kỳ                      ``huyen-doan``
Xã / Phường / Thị trấn     Đoàn xã / phường / thị trấn …          ``doan-co-so``
Đặc khu Phú Quốc           Đoàn đặc khu Phú Quốc                  ``doan-co-so``
=========================  =====================================  ====================

Commune-level unions get the sector ``dia-ban-dan-cu``. ``Unit.code`` is a stable code
carrying the era, so both eras can live in one database: ``vn-49``, ``vn-49-515``,
``vn-49-515-20899`` before 2025; ``vn2025-49``, ``vn2025-49-00097`` after.
``admin_code`` is the official code of the administrative unit.

Speed: treebeard's ``add_child`` costs several queries per node, far too slow for the
whole country (about 10,800 units before 2025). Here the materialised paths are computed
in Python (the same encoding as treebeard's ``MP_Node``: ``steplen`` 4, base-36 digits)
and the rows are written with ``bulk_create`` in batches, history included
(``simple_history``'s ``bulk_create_with_history``: one historical "+" row per unit, in
bulk). The whole country builds in a few seconds on SQLite and PostgreSQL.

Names in the official data are taken from the full name ("Thị trấn Trà My"): the type
is its prefix and the rest is the name. Where the ``wardType`` column disagrees with the
full name (a handful of rows, e.g. "Thị trấn Ngọc Lặc" typed ``Xã``) the full name wins.
Five island districts of the old list have no commune (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa,
Lý Sơn, Côn Đảo): their district-level union is built without children.
"""

from __future__ import annotations

import functools
import re
import time
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.core.text import fold, vietnamese_key

BEFORE_2025 = "before-2025"
AFTER_2025 = "after-2025"
ERAS = (BEFORE_2025, AFTER_2025)

ERA_TABLES = {BEFORE_2025: "admin_units_legacy", AFTER_2025: "admin_units"}
ERA_CODE_PREFIX = {BEFORE_2025: "vn", AFTER_2025: "vn2025"}

PROVINCE_LEVEL = "tinh-doan"
DISTRICT_LEVEL = "huyen-doan"
BASE_LEVEL = "doan-co-so"
COMMUNE_SECTOR = "dia-ban-dan-cu"

# Mountainous, remote districts flagged when the caller gives no list, by (era, province
# code). The only list the seeds give: Quảng Nam in 2013 (plan 14 KH/TĐTN, seed 000).
DEFAULT_MOUNTAINOUS_DISTRICTS = {
    (BEFORE_2025, "49"): frozenset({"Tây Giang", "Đông Giang", "Nam Giang", "Nam Trà My", "Bắc Trà My", "Phước Sơn"}),
}

# treebeard MP_Node encoding (Unit keeps the defaults).
STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_BASE = len(ALPHABET)
_MAX_STEP = _BASE**STEPLEN - 1

BATCH_SIZE = 1000
HISTORY_REASON = gettext_noop("Dựng cây tổ chức từ danh mục đơn vị hành chính (vietnamadminunits)")


class TreeBuildError(Exception):
    """The build was refused (unknown province, root already there, people attached…)."""


# --------------------------------------------------------------------------- paths


def encode_step(number):
    """1 -> '0001', 36 -> '0010': one step of a treebeard materialised path."""
    if number < 0 or number > _MAX_STEP:
        raise TreeBuildError(_("Vượt quá số đơn vị con tối đa của một cấp (%(max)s).") % {"max": _MAX_STEP})
    digits = []
    while number:
        number, rest = divmod(number, _BASE)
        digits.append(ALPHABET[rest])
    return "".join(reversed(digits)).rjust(STEPLEN, ALPHABET[0])


def decode_step(step):
    number = 0
    for char in step:
        number = number * _BASE + ALPHABET.index(char)
    return number


def child_path(parent_path, position):
    """Path of the ``position``-th child (1-based) of the node at ``parent_path`` ('' for roots)."""
    return f"{parent_path}{encode_step(position)}"


def last_position(path):
    """Position of a node among its siblings, read from the last step of its path."""
    return decode_step(path[-STEPLEN:]) if path else 0


# --------------------------------------------------------------------------- names

_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*$")

PROVINCE_TYPES = {"thanh pho": "Thành phố", "tinh": "Tỉnh"}
DISTRICT_TYPES = {"thanh pho": "Thành phố", "thi xa": "Thị xã", "quan": "Quận", "huyen": "Huyện"}
COMMUNE_TYPES = {"thi tran": "Thị trấn", "phuong": "Phường", "xa": "Xã", "dac khu": "Đặc khu"}

PROVINCE_UNION = {"Thành phố": "Thành đoàn", "Tỉnh": "Tỉnh đoàn"}
DISTRICT_UNION = {"Thành phố": "Thành đoàn", "Thị xã": "Thị đoàn", "Quận": "Quận đoàn", "Huyện": "Huyện đoàn"}
COMMUNE_UNION = {"Thị trấn": "Đoàn thị trấn", "Phường": "Đoàn phường", "Xã": "Đoàn xã", "Đặc khu": "Đoàn đặc khu"}
# When a name has no known prefix.
DEFAULT_PROVINCE_TYPE = "Tỉnh"
DEFAULT_PROVINCE_UNION = "Tỉnh đoàn"
DEFAULT_DISTRICT_UNION = "Huyện đoàn"
DEFAULT_COMMUNE_UNION = "Đoàn"


def split_type(full_name, types, fallback_type=None, fallback_short=None):
    """'Thị trấn Trà My' -> ('Thị trấn', 'Trà My'); 'Quận 8' -> ('Quận', '8').

    The type is read from the full name (tone-free, case-free, longest first); when the full
    name has no known prefix, ``fallback_type`` and ``fallback_short`` (without any
    "(Xã)"-like disambiguation suffix) are used.
    """
    words = (full_name or "").split()
    folded = [fold(word) for word in words]
    for prefix in sorted(types, key=lambda key: -len(key.split())):
        size = len(prefix.split())
        if " ".join(folded[:size]) == prefix and len(words) > size:
            return types[prefix], " ".join(words[size:])
    short = _PARENTHESIS.sub("", fallback_short or full_name or "").strip()
    if fallback_type:
        for canonical in types.values():
            if fold(canonical) == fold(fallback_type):
                return canonical, short
    return fallback_type, short


def province_union_name(full_name):
    kind, short = split_type(full_name, PROVINCE_TYPES, DEFAULT_PROVINCE_TYPE)
    return f"{PROVINCE_UNION.get(kind, DEFAULT_PROVINCE_UNION)} {short}"


def district_union_name(full_name, district_type=None, short_name=None):
    kind, short = split_type(full_name, DISTRICT_TYPES, district_type, short_name)
    return f"{DISTRICT_UNION.get(kind, DEFAULT_DISTRICT_UNION)} {short}"


def commune_union_name(full_name, ward_type=None, short_name=None):
    kind, short = split_type(full_name, COMMUNE_TYPES, ward_type, short_name)
    return f"{COMMUNE_UNION.get(kind, DEFAULT_COMMUNE_UNION)} {short}"


# --------------------------------------------------------------------------- data


@dataclass
class Commune:
    code: str
    name: str  # official full name, "Xã Trà Sơn"
    type: str | None
    short: str
    lat: float | None
    lon: float | None


@dataclass
class District:
    code: str
    name: str
    type: str | None
    short: str
    lat: float | None
    lon: float | None
    communes: list[Commune] = field(default_factory=list)


@dataclass
class Province:
    era: str
    code: str
    name: str
    short: str
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...] = ()
    districts: list[District] = field(default_factory=list)  # before 2025
    communes: list[Commune] = field(default_factory=list)  # after 2025: straight under the province

    @property
    def commune_count(self):
        return len(self.communes) + sum(len(d.communes) for d in self.districts)


def _query(sql):
    from vietnamadminunits.database import query

    return query(sql)


def _aliases(raw):
    import json

    try:
        return tuple(str(alias) for alias in json.loads(raw or "[]") or [])
    except (TypeError, ValueError):
        return ()


@functools.lru_cache(maxsize=2)
def load_provinces(era):
    """All provinces of an era with their districts and communes, in official code order."""
    if era not in ERAS:
        raise TreeBuildError(
            _("Thời kỳ không hợp lệ: %(era)r (chọn %(eras)s).") % {"era": era, "eras": ", ".join(ERAS)}
        )
    provinces = {}
    if era == BEFORE_2025:
        rows = _query(
            "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, provinceAlias, "
            "district, districtShort, districtType, districtCode, districtLat, districtLon, "
            "ward, wardShort, wardType, wardCode, wardLat, wardLon "
            "FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
        )
        districts = {}
        for row in rows:
            province = provinces.get(row["provinceCode"])
            if province is None:
                province = provinces[row["provinceCode"]] = Province(
                    era,
                    row["provinceCode"],
                    row["province"],
                    row["provinceShort"],
                    row["provinceLat"],
                    row["provinceLon"],
                    _aliases(row["provinceAlias"]),
                )
            key = (row["provinceCode"], row["districtCode"])
            district = districts.get(key)
            if district is None:
                kind, short = split_type(row["district"], DISTRICT_TYPES, row["districtType"], row["districtShort"])
                district = districts[key] = District(
                    row["districtCode"], row["district"], kind, short, row["districtLat"], row["districtLon"]
                )
                province.districts.append(district)
            if row["wardCode"]:
                kind, short = split_type(row["ward"], COMMUNE_TYPES, row["wardType"], row["wardShort"])
                district.communes.append(
                    Commune(row["wardCode"], row["ward"], kind, short, row["wardLat"], row["wardLon"])
                )
    else:
        rows = _query(
            "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, provinceAlias, "
            "ward, wardShort, wardType, wardCode, wardLat, wardLon "
            "FROM admin_units ORDER BY provinceCode, wardCode"
        )
        for row in rows:
            province = provinces.get(row["provinceCode"])
            if province is None:
                province = provinces[row["provinceCode"]] = Province(
                    era,
                    row["provinceCode"],
                    row["province"],
                    row["provinceShort"],
                    row["provinceLat"],
                    row["provinceLon"],
                    _aliases(row["provinceAlias"]),
                )
            kind, short = split_type(row["ward"], COMMUNE_TYPES, row["wardType"], row["wardShort"])
            province.communes.append(Commune(row["wardCode"], row["ward"], kind, short, row["wardLat"], row["wardLon"]))
    return tuple(provinces.values())


def find_provinces(query, era=AFTER_2025):
    """Provinces matching ``query``: an official code ('49', '1' = '01'), a name or an alias.

    Names match tone-free and case-free, with or without their type: "quang nam",
    "Tỉnh Quảng Nam", "TP Hồ Chí Minh", "hcm" (an alias of the official data).
    """
    text = str(query or "").strip()
    provinces = load_provinces(era)
    if text.isdigit():
        return [p for p in provinces if p.code == text.zfill(2)]
    wanted = fold(text).replace(".", " ")
    wanted = " ".join(wanted.split())
    for prefix in ("thanh pho ", "tp ", "tinh "):
        if wanted.startswith(prefix):
            wanted = wanted[len(prefix) :]
            break
    found = [
        p
        for p in provinces
        if wanted in {fold(p.short), fold(p.name)} or wanted.replace(" ", "") in {a.lower() for a in p.aliases}
    ]
    return found


def find_province(query, era=AFTER_2025):
    found = find_provinces(query, era)
    if not found:
        raise TreeBuildError(
            _("Không tìm thấy tỉnh, thành phố %(query)r trong danh mục %(era)s.") % {"query": query, "era": era}
        )
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise TreeBuildError(_("%(query)r khớp nhiều tỉnh, thành phố: %(names)s.") % {"query": query, "names": names})
    return found[0]


# --------------------------------------------------------------------------- build


def province_root_code(province):
    return f"{ERA_CODE_PREFIX[province.era]}-{province.code}"


def _matcher(names):
    """Tone-free set of names/codes, or None for 'no filter'."""
    if names is None:
        return None
    return {fold(_PARENTHESIS.sub("", str(name))) for name in names}


def _district_matches(district, folded):
    return fold(district.short) in folded or fold(district.name) in folded or district.code in folded


def _levels():
    from coso.org.models import Sector, UnitLevel

    levels = {
        level.code: level for level in UnitLevel.objects.filter(code__in=[PROVINCE_LEVEL, DISTRICT_LEVEL, BASE_LEVEL])
    }
    missing = {PROVINCE_LEVEL, DISTRICT_LEVEL, BASE_LEVEL} - set(levels)
    if missing:
        raise TreeBuildError(
            _("Thiếu cấp đơn vị %(levels)s (chạy migrate để nạp dữ liệu mặc định).")
            % {"levels": ", ".join(sorted(missing))}
        )
    sector = Sector.objects.filter(code=COMMUNE_SECTOR).first()
    return levels, sector


def _unit(
    path, name, level, *, code, admin_code, lat=None, lon=None, sector=None, mountainous=False, address="", numchild=0
):
    from coso.org.models import Unit

    return Unit(
        path=path,
        depth=len(path) // STEPLEN,
        numchild=numchild,
        name=name,
        code=code,
        admin_code=admin_code or "",
        level=level,
        sector=sector,
        is_mountainous=mountainous,
        latitude=lat,
        longitude=lon,
        address=address[:255],
        # Unit.save() fills these; bulk_create does not call save().
        search_text=fold(name)[:255],
        sort_key=vietnamese_key(name)[:600],
    )


def plan_province(province, root_path, levels, sector, *, districts=None, mountainous_districts=None):
    """The unsaved units of one province, root first, in tree (path) order. Pure: no query."""
    prefix = ERA_CODE_PREFIX[province.era]
    root_code = f"{prefix}-{province.code}"
    units = []
    root = _unit(
        root_path,
        province_union_name(province.name),
        levels[PROVINCE_LEVEL],
        code=root_code,
        admin_code=province.code,
        lat=province.lat,
        lon=province.lon,
        address=province.name,
    )
    units.append(root)

    if province.era == AFTER_2025:
        if districts:
            raise TreeBuildError(_("Danh mục sau 1/7/2025 không còn cấp huyện: không lọc theo huyện được."))
        for position, commune in enumerate(province.communes, start=1):
            units.append(
                _unit(
                    child_path(root_path, position),
                    commune_union_name(commune.name, commune.type, commune.short),
                    levels[BASE_LEVEL],
                    code=f"{root_code}-{commune.code}",
                    admin_code=commune.code,
                    lat=commune.lat,
                    lon=commune.lon,
                    sector=sector,
                    address=f"{commune.name}, {province.name}",
                )
            )
        root.numchild = len(province.communes)
        return units

    wanted = _matcher(districts)
    if mountainous_districts is None:
        mountainous_districts = DEFAULT_MOUNTAINOUS_DISTRICTS.get((province.era, province.code), ())
    mountainous = _matcher(mountainous_districts)
    chosen = [d for d in province.districts if wanted is None or _district_matches(d, wanted)]
    if wanted is not None:
        known = {fold(d.short) for d in chosen} | {fold(d.name) for d in chosen} | {d.code for d in chosen}
        unknown = sorted(wanted - known)
        if unknown:
            raise TreeBuildError(
                _("Không có huyện %(districts)s trong %(name)s.")
                % {"districts": ", ".join(unknown), "name": province.name}
            )
    for d_position, district in enumerate(chosen, start=1):
        d_path = child_path(root_path, d_position)
        d_code = f"{root_code}-{district.code}"
        is_mountainous = _district_matches(district, mountainous)
        units.append(
            _unit(
                d_path,
                district_union_name(district.name, district.type, district.short),
                levels[DISTRICT_LEVEL],
                code=d_code,
                admin_code=district.code,
                lat=district.lat,
                lon=district.lon,
                mountainous=is_mountainous,
                numchild=len(district.communes),
                address=f"{district.name}, {province.name}",
            )
        )
        for c_position, commune in enumerate(district.communes, start=1):
            units.append(
                _unit(
                    child_path(d_path, c_position),
                    commune_union_name(commune.name, commune.type, commune.short),
                    levels[BASE_LEVEL],
                    code=f"{d_code}-{commune.code}",
                    admin_code=commune.code,
                    lat=commune.lat,
                    lon=commune.lon,
                    sector=sector,
                    mountainous=is_mountainous,
                    address=f"{commune.name}, {district.name}, {province.name}",
                )
            )
    root.numchild = len(chosen)
    return units


@contextmanager
def _without_history_signals(model, signals):
    """Disconnect simple_history's receivers of ``model`` for ``signals`` while inside.

    Only used around a bulk delete whose history rows were already written in bulk. The
    receivers are process-wide: meant for commands and loaders, not for request threads.
    """
    from django.dispatch.dispatcher import _make_id
    from simple_history.models import HistoricalRecords

    removed = []
    sender_id = _make_id(model)
    for signal in signals:
        for entry in list(signal.receivers):
            lookup_key, receiver = entry[0], entry[1]
            if isinstance(receiver, weakref.ReferenceType):
                receiver = receiver()
            if lookup_key[1] == sender_id and isinstance(getattr(receiver, "__self__", None), HistoricalRecords):
                signal.disconnect(receiver, sender=model)
                removed.append((signal, receiver))
    try:
        yield
    finally:
        for signal, receiver in removed:
            signal.connect(receiver, sender=model, weak=False)


def _bulk_delete_history(units, reason):
    """One "-" historical row per deleted unit, written in bulk (as simple_history would, one by one)."""
    from django.conf import settings
    from django.utils import timezone

    from coso.org.models import Unit

    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = Unit.history.model
    now = timezone.now()
    rows = [
        history(
            history_date=now,
            history_type="-",
            history_user=None,
            history_change_reason=reason,
            **{f.attname: getattr(unit, f.attname) for f in history.tracked_fields},
        )
        for unit in units
    ]
    history.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _delete_subtree(unit):
    """Delete a unit and its subtree; the units' "-" history rows are written in bulk."""
    from django.db.models.signals import post_delete, pre_delete

    from coso.org.models import Unit

    subtree = Unit.objects.filter(path__startswith=unit.path)
    units = list(subtree)
    try:
        with transaction.atomic():
            _bulk_delete_history(units, _("Dựng lại cây %(name)s từ danh mục đơn vị hành chính") % {"name": unit.name})
            with _without_history_signals(Unit, [pre_delete, post_delete]):
                subtree.delete()
    except ProtectedError as error:
        raise TreeBuildError(
            _(
                "Không thay thế được %(name)s: còn người hoặc dữ liệu gắn với các đơn vị của nó (%(count)s bản ghi). Chuyển hoặc xoá họ trước."
            )
            % {"name": unit.name, "count": len(error.protected_objects)}
        ) from error


@dataclass
class BuildReport:
    roots: list = field(default_factory=list)
    units: int = 0
    replaced: int = 0
    seconds: float = 0.0


def build_provinces(
    provinces,
    era=AFTER_2025,
    *,
    replace=False,
    districts=None,
    mountainous_districts=None,
    with_history=True,
    batch_size=BATCH_SIZE,
    log=None,
):
    """Build the trees of several provinces (queries, or ``Province`` objects) in one transaction.

    Each province becomes a new root placed after the existing roots. A province whose root
    (``vn-49``, ``vn2025-49``…) already exists is refused unless ``replace`` is true; then its
    whole subtree is deleted first (refused if people still belong to it).
    ``mountainous_districts``: ``None`` uses ``DEFAULT_MOUNTAINOUS_DISTRICTS``; a set of
    district short names or codes flags those (and their communes); an empty set flags none.
    """
    from coso.org.models import Unit

    started = time.monotonic()
    resolved = []
    for item in provinces:
        province = item if isinstance(item, Province) else find_province(item, era)
        if province.era != era:
            raise TreeBuildError(
                _("%(name)s thuộc danh mục %(era)s, không phải %(wanted)s.")
                % {"name": province.name, "era": province.era, "wanted": era}
            )
        if province not in resolved:
            resolved.append(province)
    report = BuildReport()
    if not resolved:
        return report

    with transaction.atomic():
        levels, sector = _levels()
        existing = {unit.code: unit for unit in Unit.objects.filter(code__in=[province_root_code(p) for p in resolved])}
        if existing and not replace:
            names = ", ".join(sorted(unit.name for unit in existing.values()))
            raise TreeBuildError(
                _("Đã có cây của %(names)s. Dùng --replace (replace=True) để dựng lại.") % {"names": names}
            )
        for unit in existing.values():
            if log:
                log(_("Xoá cây cũ: %(name)s") % {"name": unit.name})
            _delete_subtree(unit)
            report.replaced += 1

        last_root = Unit.objects.get_last_root_node()
        position = last_position(last_root.path) if last_root else 0
        pending = []
        for province in resolved:
            position += 1
            units = plan_province(
                province,
                child_path("", position),
                levels,
                sector,
                districts=districts,
                mountainous_districts=mountainous_districts,
            )
            report.roots.append(units[0])
            pending.extend(units)
            if log:
                log(_("%(name)s: %(count)s đơn vị") % {"name": units[0].name, "count": len(units)})
        _write(pending, with_history=with_history, batch_size=batch_size)
        report.units = len(pending)
    report.seconds = time.monotonic() - started
    return report


def _write(units, *, with_history=True, batch_size=BATCH_SIZE):
    from coso.org.models import Unit

    if with_history:
        from simple_history.utils import bulk_create_with_history

        for start in range(0, len(units), batch_size):
            bulk_create_with_history(
                units[start : start + batch_size],
                Unit,
                batch_size=batch_size,
                default_change_reason=str(HISTORY_REASON),
            )
    else:
        Unit.objects.bulk_create(units, batch_size=batch_size)


def build_province(
    province_query,
    era=BEFORE_2025,
    districts=None,
    mountainous_districts=None,
    *,
    replace=False,
    with_history=True,
):
    """Build one province's tree and return its root ``Unit``.

    ``districts``: optional names (tone-free) or codes of the districts to include (before
    2025 only), e.g. ``["Bắc Trà My", "Tam Kỳ"]`` for a small demo. See
    :func:`build_provinces` for the other arguments.
    """
    report = build_provinces(
        [province_query],
        era,
        replace=replace,
        districts=districts,
        mountainous_districts=mountainous_districts,
        with_history=with_history,
    )
    return report.roots[0]


def build_all(era=AFTER_2025, **kwargs):
    """Every province of the era (63 before 2025, 34 after)."""
    return build_provinces(list(load_provinces(era)), era, **kwargs)
