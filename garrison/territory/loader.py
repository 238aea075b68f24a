"""Load the 34 provinces and 3,321 commune-level units from the `vietnam-provinces` package.

An idempotent upsert on the unit code: new units are inserted, units whose name, code name, type
or province changed in a newer package are updated, and nothing else is written. The military
attributes staff edit in Garrison (border, remote, island, key defence, population, area) are
never part of the update, so reloading the package never overwrites them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import vietnam_provinces
from django.db import transaction
from django.db.models import F

from .models import Commune, CommuneType, Province, ProvinceType

Progress = Callable[[int, int], None]

#: the package's `division_type` → ours
PROVINCE_TYPES = {
    "tỉnh": ProvinceType.PROVINCE,
    "thành phố trung ương": ProvinceType.CITY,
}
COMMUNE_TYPES = {
    "xã": CommuneType.COMMUNE,
    "phường": CommuneType.WARD,
    "đặc khu": CommuneType.SPECIAL_ZONE,
}

PROVINCE_FIELDS = ("name", "codename", "division_type", "phone_code")
COMMUNE_FIELDS = ("name", "codename", "division_type", "province_id")
BATCH_SIZE = 500


def read_divisions() -> list[dict[str, Any]]:
    """The package's nested list: provinces, each with its `wards` (all commune-level units)."""
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as f:
        return json.load(f)


def _division_type(mapping: dict[str, str], raw: str, unit: dict[str, Any]) -> str:
    try:
        return mapping[raw]
    except KeyError:
        raise ValueError(
            f"vietnam-provinces gives {unit['name']} (code {unit['code']}) the unknown type "
            f"{raw!r}; known types: {', '.join(mapping)}."
        ) from None


def _changed(rows: Iterable[Any], existing: dict[int, tuple], fields: tuple[str, ...]) -> list:
    """Rows that are new or differ from the stored values in one of `fields`."""
    return [row for row in rows if existing.get(row.code) != tuple(getattr(row, f) for f in fields)]


def _upsert(
    model: type,
    rows: list,
    fields: tuple[str, ...],
    *,
    extra_update_fields: tuple[str, ...] = (),
    progress: Progress | None = None,
    done: int = 0,
    total: int = 0,
) -> None:
    """Insert `rows`, or update `fields` of the stored row with the same code. Only the
    package's own fields are in the update: never the attributes staff edit."""
    update_fields = [f.removesuffix("_id") for f in fields] + list(extra_update_fields)
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        model.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["code"], update_fields=update_fields
        )
        done += len(batch)
        if progress:
            progress(done, total)


def load_territory(progress: Progress | None = None) -> dict[str, int]:
    """Upsert every province and commune-level unit of the package.

    `progress(done, total)` is called as rows are written; `total` counts only the rows that
    are new or changed (when nothing changed it is called once with (0, 0)). A few queries in
    all: two reads, one read of the province keys, and batched upserts of the changed rows.
    Returns counts: provinces and communes in the package, rows created and rows updated.
    """
    divisions = read_divisions()
    provinces = [
        Province(
            code=p["code"],
            name=p["name"],
            codename=p["codename"],
            division_type=_division_type(PROVINCE_TYPES, p["division_type"], p),
            phone_code=p.get("phone_code") or None,
        )
        for p in divisions
    ]
    commune_count = sum(len(p["wards"]) for p in divisions)

    with transaction.atomic():
        stored_provinces = {
            row[0]: row[1:] for row in Province.objects.values_list("code", *PROVINCE_FIELDS)
        }
        stored_communes = {
            row[0]: row[1:] for row in Commune.objects.values_list("code", *COMMUNE_FIELDS)
        }
        province_rows = _changed(provinces, stored_provinces, PROVINCE_FIELDS)
        new_provinces = sum(1 for p in province_rows if p.code not in stored_provinces)
        _upsert(Province, province_rows, PROVINCE_FIELDS)

        # communes need their province's primary key: read it once the provinces are written
        province_pk = dict(Province.objects.values_list("code", "pk"))
        communes = [
            Commune(
                code=w["code"],
                name=w["name"],
                codename=w["codename"],
                division_type=_division_type(COMMUNE_TYPES, w["division_type"], w),
                province_id=province_pk[p["code"]],
            )
            for p in divisions
            for w in p["wards"]
        ]
        commune_rows = _changed(communes, stored_communes, COMMUNE_FIELDS)
        new_communes = sum(1 for c in commune_rows if c.code not in stored_communes)
        total = len(province_rows) + len(commune_rows)
        if progress:
            progress(len(province_rows), total)
        _upsert(
            Commune,
            commune_rows,
            COMMUNE_FIELDS,
            extra_update_fields=("updated_at",),
            progress=progress,
            done=len(province_rows),
            total=total,
        )
        # an upsert does not go through the model's save or update(): bump the version of the
        # communes it changed here, so that an edit form opened before the load is stale
        renamed = [c.code for c in commune_rows if c.code in stored_communes]
        for start in range(0, len(renamed), BATCH_SIZE):
            Commune.objects.filter(code__in=renamed[start : start + BATCH_SIZE]).update(
                version=F("version") + 1
            )

    return {
        "provinces": len(provinces),
        "communes": commune_count,
        "created": new_provinces + new_communes,
        "updated": len(province_rows) + len(commune_rows) - new_provinces - new_communes,
    }
