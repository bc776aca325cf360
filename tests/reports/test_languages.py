"""The whole report in French or Spanish: statements, counts phrases, region and place names, per-field English."""

import pytest
from django.core.management import call_command

from indicators.models import Indicator
from reports.selectors import report_content
from tests.reports.readers import pdf_pages, word_paragraphs, word_tables

STATEMENTS = {
    # Test texts standing in for a translator's (the demo data holds only published translations).
    "fr": ("Statement 4.2 en français : nombre d'États Membres", "Énoncé du résultat 4 en français"),
    "es": ("Statement 4.2 en español: número de Estados Miembros", "Enunciado del resultado 4 en español"),
}
PHRASES = {"fr": "24 États Membres et 1 territoire", "es": "24 Estados Miembros y 1 territorio"}
REGIONS = {"fr": "Afrique", "es": "África"}


def _translate(biennium, language: str) -> Indicator:
    indicator = Indicator.objects.select_related("outcome").get(framework=biennium.framework, code="4.2")
    indicator_text, outcome_text = STATEMENTS[language]
    setattr(indicator, f"statement_{language}", indicator_text)
    indicator.save()
    setattr(indicator.outcome, f"statement_{language}", outcome_text)
    indicator.outcome.save()
    return indicator


@pytest.mark.parametrize("language", ["fr", "es"])
def test_build_report_in_a_language_prints_its_statements_counts_and_regions(
    seed_000_report, annex, tmp_path, language
):
    _translate(seed_000_report, language)
    english_41 = Indicator.objects.get(framework=seed_000_report.framework, code="4.1").statement_en

    call_command("build_report", biennium="2014-15", format="docx,pdf", language=language, out=str(tmp_path))

    word = next(tmp_path.glob("*.docx")).read_bytes()
    cells = [cell for table in word_tables(word) for row in table for cell in row]
    text = "\n".join(cells + word_paragraphs(word))
    row_42 = next(row for table in word_tables(word) for row in table if STATEMENTS[language][0] in " ".join(row))
    assert PHRASES[language] in " ".join(row_42)
    assert STATEMENTS[language][1] in text
    assert REGIONS[language] in cells
    # An indicator not yet translated reads in English, with no mark for the readers of the document.
    assert english_41 in text
    assert "Not yet translated" not in text
    pdf = " ".join(" ".join(pdf_pages(next(tmp_path.glob("*.pdf")).read_bytes())).split())
    assert PHRASES[language] in pdf
    assert REGIONS[language] in pdf


def test_the_content_hash_differs_by_language(seed_000_report, annex):
    from django.utils import translation

    hashes = {}
    for language in ("en", "fr", "es"):
        with translation.override(language):
            hashes[language] = report_content(biennium=seed_000_report).content_hash

    assert len(set(hashes.values())) == 3
