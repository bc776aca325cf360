from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, backup_create


class Command(BaseCommand):
    help = "Write an archive of the database (pg_dump, or a copy of the SQLite file) and the media files."

    def add_arguments(self, parser):
        parser.add_argument("--out", default="", help="Folder to write the archive to (default: BACKUP_DIR).")

    def handle(self, *args, out: str, **options):
        try:
            archive = backup_create(
                database=settings.DATABASES["default"],
                media_root=Path(settings.MEDIA_ROOT),
                out_dir=Path(out or settings.BACKUP_DIR),
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(archive))
