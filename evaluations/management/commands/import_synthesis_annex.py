from django.core.management.base import BaseCommand

from evaluations.management.commands._output import run_import
from evaluations.services import synthesis_import_file


class Command(BaseCommand):
    help = (
        "Import a synthesis review (layout of the EVAL synthesis review 2012-2018): the review, every report "
        "its annex lists (report number, title, project symbol, type and timing) and its findings with the "
        "reports they cite. All or nothing; importing the same document again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The synthesis review as text.")

    def handle(self, *args, path: str, **options):
        run_import(self, path, lambda: synthesis_import_file(path=path))
