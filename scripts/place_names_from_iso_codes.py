"""Write places/data/place_names_fr_es.csv: the French and Spanish name of every place, from Debian's iso-codes.

Run on a machine with the iso-codes package (4.15.0 gave the committed file):
    .venv/bin/python scripts/place_names_from_iso_codes.py
iso-codes sorts some names inverted ("Corée, République de"): the two parts are put back in reading order.
The names in CORRECTIONS differ from iso-codes in the organisation's documents, which follow the United
Nations' short names; each says why. Kosovo, absent from ISO 3166, keeps its name in every language.
"""

import csv
import gettext
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISO = Path("/usr/share/iso-codes/json/iso_3166-1.json")
LOCALES = Path("/usr/share/locale")
SOURCE = "iso-codes 4.15.0"
UN = "United Nations short name (iso-codes differs)"

# iso3: (French, Spanish, why)
CORRECTIONS = {
    "PSE": ("Territoire palestinien occupé", "Territorio Palestino Ocupado", "the name the Office reports under"),
    "KOS": ("Kosovo", "Kosovo", "not in ISO 3166; the same in every language"),
    "SYR": ("République arabe syrienne", "República Árabe Siria", UN),
    "LAO": ("République démocratique populaire lao", "República Democrática Popular Lao", UN),
    "BOL": ("État plurinational de Bolivie", "Estado Plurinacional de Bolivia", UN),
    "VEN": ("République bolivarienne du Venezuela", "República Bolivariana de Venezuela", UN),
    "TZA": ("République-Unie de Tanzanie", "República Unida de Tanzanía", UN),
    "IRN": ("République islamique d'Iran", "República Islámica del Irán", UN),
    "MDA": ("République de Moldova", "República de Moldova", UN),
    "SLV": ("El Salvador", "El Salvador", UN),
    "CPV": ("Cabo Verde", "Cabo Verde", UN),
    "CIV": ("Côte d'Ivoire", "Côte d'Ivoire", UN),
    "COM": ("Comores", "Comoras", UN),
    "MDV": ("Maldives", "Maldivas", UN),
    "BFA": ("Burkina Faso", "Burkina Faso", UN),
    "MMR": ("Myanmar", "Myanmar", UN),
    "TLS": ("Timor-Leste", "Timor-Leste", UN),
    "VNM": ("Viet Nam", "Viet Nam", UN),
    "GNQ": ("Guinée équatoriale", "Guinea Ecuatorial", UN),
    "SAU": ("Arabie saoudite", "Arabia Saudita", UN),
    # The territories are printed as "Hong Kong, China" and "Macau, China" in English: the same form.
    "HKG": ("Hong Kong, Chine", "Hong Kong, China", "the English name's form, Hong Kong, China"),
    "MAC": ("Macao, Chine", "Macao, China", "the English name's form, Macau, China; Macao as iso-codes spells it"),
}


def _reading_order(name: str) -> str:
    if ", " not in name:
        return name
    head, qualifier = name.split(", ", 1)
    for article in ("La ", "l'", "L'"):
        qualifier = qualifier.removeprefix(article)
    qualifier = qualifier[:1].upper() + qualifier[1:]
    return f"{qualifier}{head}" if qualifier.endswith("'") else f"{qualifier} {head}"


def main() -> None:
    countries = {item["alpha_3"]: item for item in json.loads(ISO.read_text(encoding="utf-8"))["3166-1"]}
    catalogues = {
        language: gettext.translation("iso_3166-1", LOCALES, languages=[language]) for language in ("fr", "es")
    }
    places = []
    for name in ("ilo_member_states_regions.csv", "territories.csv"):
        with (ROOT / "places/data" / name).open(encoding="utf-8") as handle:
            places += list(csv.DictReader(line for line in handle if not line.startswith("#")))
    target = ROOT / "places/data/place_names_fr_es.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# The French and Spanish names of the places, written by scripts/place_names_from_iso_codes.py.\n"
        )
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["iso3", "name_fr", "name_es", "source"])
        for place in sorted(places, key=lambda row: row["iso3"]):
            iso3 = place["iso3"]
            if iso3 in CORRECTIONS:
                french, spanish, why = CORRECTIONS[iso3]
                writer.writerow([iso3, french, spanish, why])
                continue
            english = countries[iso3]["name"]
            french = catalogues["fr"].gettext(english)
            spanish = catalogues["es"].gettext(english)
            inverted = ", " in french or ", " in spanish
            writer.writerow(
                [
                    iso3,
                    _reading_order(french),
                    _reading_order(spanish),
                    f"{SOURCE}, put in reading order" if inverted else SOURCE,
                ]
            )


if __name__ == "__main__":
    main()
