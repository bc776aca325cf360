"""Reference geography shipped with the product: ILO regions, member States, territories, aliases.

Loaded by a data migration so that `migrate` alone leaves a usable database.
"""

import csv
from pathlib import Path

from places.normalize import normalize_name

DATA_DIR = Path(__file__).resolve().parent / "data"

# code, name, short name as printed in report table headings
REGIONS = [
    ("africa", "Africa", "Africa"),
    ("americas", "Americas", "Americas"),
    ("arab-states", "Arab States", "Arab States"),
    ("asia-pacific", "Asia and the Pacific", "Asia-Pacific"),
    ("europe-central-asia", "Europe and Central Asia", "Europe-Central Asia"),
]

_KINDS = {"member_state": "member_state", "territory_reported": "territory"}


def _rows(filename: str) -> list[dict[str, str]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def load_reference_places(region_model, place_model, alias_model) -> None:
    """Create or update regions, places and aliases from the files in `places/data/`."""
    regions = {}
    for position, (code, name, short_name) in enumerate(REGIONS):
        regions[name], _ = region_model.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "position": position}
        )

    preferred = {row["iso3"]: row["name"] for row in _rows("preferred_names.csv")}
    spellings: dict[str, set[str]] = {}
    places = {}
    for row in _rows("ilo_member_states_regions.csv"):
        iso3 = row["iso3"]
        places[iso3], _ = place_model.objects.update_or_create(
            iso3=iso3,
            defaults={
                "name": preferred.get(iso3, row["ilo_name_ilostat"]),
                "kind": _KINDS[row["status"]],
                "region": regions[row["ilo_region"]],
                "iso2": row["iso2"],
                "iso_numeric": row["iso_numeric"],
                "official_name": row["iso3166_official_name"],
            },
        )
        columns = ("ilo_name_ilostat", "iso3166_name", "iso3166_common_name", "iso3166_official_name")
        spellings[iso3] = {row[column] for column in columns if row[column]} | {places[iso3].name}

    for row in _rows("aliases.csv"):
        if row["iso3"] not in places:
            raise ValueError(f"aliases.csv names unknown place {row['iso3']!r}")
        spellings[row["iso3"]].add(row["alias"])

    owner_of: dict[str, str] = {}
    for iso3, names in spellings.items():
        # The printed name goes first, so it is the spelling kept where others fold to the same form.
        for name in [places[iso3].name, *sorted(names - {places[iso3].name})]:
            normalized = normalize_name(name)
            if normalized in owner_of:
                if owner_of[normalized] != iso3:
                    raise ValueError(f"{name!r} would name both {owner_of[normalized]} and {iso3}")
                continue
            owner_of[normalized] = iso3
            alias_model.objects.update_or_create(normalized=normalized, defaults={"place": places[iso3], "name": name})
