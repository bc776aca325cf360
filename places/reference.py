"""Reference geography shipped with the product: ILO regions, member States, territories, aliases (with sources).

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
_ALIAS_KINDS = ("name", "official_name", "abbreviation", "former_name", "other_language", "variant")


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
    # Every place's spellings in order of preference: the printed name first, so it is the spelling kept
    # where others fold to the same form.
    spellings: dict[str, list[tuple[str, str, str]]] = {}
    places = {}
    for row in [*_rows("ilo_member_states_regions.csv"), *_rows("territories.csv")]:
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
        printed = ("ILO reports", "name") if iso3 in preferred else ("ILOSTAT", "name")
        spellings[iso3] = [
            (places[iso3].name, *printed),
            (row["ilo_name_ilostat"], "ILOSTAT", "name"),
            (row["iso3166_name"], "ISO 3166", "name"),
            (row["iso3166_common_name"], "ISO 3166", "name"),
            (row["iso3166_official_name"], "ISO 3166", "official_name"),
        ]

    for row in _rows("aliases.csv"):
        if row["iso3"] not in places:
            raise ValueError(f"aliases.csv names unknown place {row['iso3']!r}")
        if row["kind"] not in _ALIAS_KINDS or not row["source"]:
            raise ValueError(f"aliases.csv row {row['alias']!r} needs a kind ({', '.join(_ALIAS_KINDS)}) and a source")
        spellings[row["iso3"]].append((row["alias"], row["source"], row["kind"]))

    # Migrations before the alias source and kind existed load through models without them.
    described = {"source", "kind"} <= {field.name for field in alias_model._meta.get_fields()}
    owner_of: dict[str, str] = {}
    for iso3, names in spellings.items():
        for name, source, kind in names:
            normalized = normalize_name(name)
            if not normalized:
                continue
            if normalized in owner_of:
                if owner_of[normalized] != iso3:
                    raise ValueError(f"{name!r} would name both {owner_of[normalized]} and {iso3}")
                continue
            owner_of[normalized] = iso3
            defaults = {"place": places[iso3], "name": name}
            if described:
                defaults |= {"source": source, "kind": kind}
            alias_model.objects.update_or_create(normalized=normalized, defaults=defaults)
