from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, backup_read_manifest, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database and the media files with those of an archive written by `backup` (the archive is "
        "checked whole first). Stop the web server and the workers before, and run `migrate` after."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, archive: str, yes: bool, **options):
        path = Path(archive)
        database = settings.DATABASES["default"]
        try:
            manifest = backup_read_manifest(archive=path)
            if not yes:
                question = (
                    f"Replace the database {database['NAME']} and the files in {settings.MEDIA_ROOT} with the backup "
                    f"of {manifest.created_at} ({manifest.media_files} media files)? Type 'yes' to go on: "
                )
                if input(question).strip().lower() != "yes":
                    raise CommandError("Nothing restored.")
            backup_restore(archive=path, database=database, media_root=Path(settings.MEDIA_ROOT))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest.created_at} from {path}."))
