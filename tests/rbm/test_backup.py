"""Backups that restore: `manage.py backup` archives the database and the media files; `restore` puts an
archive into a fresh database (PostgreSQL: pg_dump/pg_restore; SQLite: its backup API), and the 2014-15
report rebuilt from it, by a separate process, has the same content hash."""

import io
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from backups.services import BackupError, backup_create, backup_read_manifest, backup_restore
from indicators.services import results_table_import
from outcomes.selectors import biennium_get
from reports.selectors.content import report_content
from tests.conftest import SEED_000
from tests.outcomes.factories import seed_000_narrative

REBUILD = (
    "from outcomes.selectors import biennium_get; from reports.services import report_build; "
    "built = report_build(biennium=biennium_get(label='2014-15'), outcome_ids=None, formats=['html']); "
    "print(built.content.content_hash)"
)


def database_url(database: dict) -> str:
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


def rebuilt_hash(database: dict, media_root: Path) -> str:
    """Build the 2014-15 report in a separate process reading `database`; return its content hash."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rbm.settings",
        "DATABASE_URL": database_url(database),
        "MEDIA_ROOT": str(media_root),
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [sys.executable, "manage.py", "shell", "-c", REBUILD],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture
def fresh_database(tmp_path):
    """A database nothing has touched: a new PostgreSQL database beside the test one, or a new SQLite file."""
    database = {**connection.settings_dict}
    if connection.vendor == "sqlite":
        database["NAME"] = str(tmp_path / "restored.sqlite3")
        yield database
        return
    name = f"rbm_restore_{uuid.uuid4().hex[:12]}"
    server = psycopg2.connect(database_url({**database, "NAME": "postgres"}))
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    database["NAME"] = name
    yield database
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restored_into_a_fresh_database_rebuilds_the_2014_15_report_with_the_same_hash(
    tmp_path, settings, fresh_database
):
    # given seed 000 with its narrative, and media files (an evidence document, a built report)
    biennium = biennium_get(label="2014-15")
    results_table_import(text=SEED_000.read_text(encoding="utf-8"), biennium=biennium, source=SEED_000.name)
    seed_000_narrative(biennium)
    original_hash = report_content(biennium=biennium, outcome_ids=None).content_hash
    media = tmp_path / "media"
    (media / "evidence" / "7").mkdir(parents=True)
    (media / "evidence" / "7" / "decree.pdf").write_bytes(b"%PDF-1.7 the decree\n")
    (media / "reports" / "3").mkdir(parents=True)
    (media / "reports" / "3" / "report.html").write_text("<h1>Outcome 4</h1>", encoding="utf-8")
    settings.MEDIA_ROOT = media

    # when the backup command archives them, and the archive is restored into a fresh database
    call_command("backup", "--out", str(tmp_path / "archives"))
    archive = next((tmp_path / "archives").glob("rbm-backup-*.tar.gz"))
    restored_media = tmp_path / "restored-media"
    manifest = backup_restore(archive=archive, database=fresh_database, media_root=restored_media)

    # then a separate process rebuilds the same report from the restored database, and the files are back
    assert rebuilt_hash(fresh_database, restored_media) == original_hash
    assert manifest.engine == ("sqlite3" if connection.vendor == "sqlite" else "postgresql")
    assert manifest.media_files == 2
    assert (restored_media / "evidence" / "7" / "decree.pdf").read_bytes() == b"%PDF-1.7 the decree\n"
    assert (restored_media / "reports" / "3" / "report.html").read_text(encoding="utf-8") == "<h1>Outcome 4</h1>"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restoring_replaces_what_changed_since_the_backup(tmp_path, fresh_database):
    media = tmp_path / "media"
    (media / "a").mkdir(parents=True)
    (media / "a" / "kept.txt").write_text("before", encoding="utf-8")
    archive = backup_create(database=connection.settings_dict, media_root=media, out_dir=tmp_path)
    backup_restore(archive=archive, database=fresh_database, media_root=tmp_path / "restored")
    (tmp_path / "restored" / "a" / "kept.txt").write_text("changed", encoding="utf-8")
    (tmp_path / "restored" / "new.txt").write_text("added after the backup", encoding="utf-8")

    backup_restore(archive=archive, database=fresh_database, media_root=tmp_path / "restored")

    files = sorted(path.relative_to(tmp_path / "restored").as_posix() for path in (tmp_path / "restored").rglob("*"))
    assert files == ["a", "a/kept.txt"]
    assert (tmp_path / "restored" / "a" / "kept.txt").read_text(encoding="utf-8") == "before"
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restoring_drops_the_counts_cached_from_the_replaced_database(tmp_path, fresh_database):
    from indicators.counts_cache import counts_cache_version

    archive = backup_create(database=connection.settings_dict, media_root=tmp_path / "media", out_dir=tmp_path)
    cached_under = counts_cache_version()

    backup_restore(archive=archive, database=fresh_database, media_root=tmp_path / "restored")

    assert counts_cache_version() > cached_under


def _rewrite(archive: Path, target: Path, *, replace: dict[str, bytes]) -> Path:
    """A copy of the archive with some members' bytes replaced (or added), as damage or an attack would."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            if member.name in replace:
                continue
            copy.addfile(member, source.extractfile(member) if member.isfile() else None)
        for name, data in replace.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return target


@pytest.mark.django_db
def test_a_damaged_or_hostile_archive_is_refused_before_anything_is_touched(tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    (media / "evidence.pdf").write_bytes(b"%PDF-1.7")
    archive = backup_create(database=connection.settings_dict, media_root=media, out_dir=tmp_path)
    target = {**connection.settings_dict, "NAME": str(tmp_path / "untouched.sqlite3")}
    if connection.vendor != "sqlite":
        target = {**connection.settings_dict, "NAME": "rbm_restore_never_created"}
    damaged = _rewrite(archive, tmp_path / "damaged.tar.gz", replace={"media/evidence.pdf": b"<script>"})
    escaping = _rewrite(archive, tmp_path / "escaping.tar.gz", replace={"../../outside.txt": b"x"})
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_bytes(b"just some text")

    with pytest.raises(BackupError) as tampered:
        backup_restore(archive=damaged, database=target, media_root=tmp_path / "restored")
    with pytest.raises(BackupError) as outside:
        backup_restore(archive=escaping, database=target, media_root=tmp_path / "restored")
    with pytest.raises(BackupError) as unreadable:
        backup_read_manifest(archive=not_an_archive)

    assert (
        str(tampered.value) == f"{damaged} is damaged: media/evidence.pdf does not match the checksum in its manifest."
    )
    assert str(outside.value).startswith(f"{escaping} is not an RBM backup archive: ")
    assert str(unreadable.value).startswith(f"{not_an_archive} is not an RBM backup archive: ")
    assert not (tmp_path / "restored").exists()
    assert not (tmp_path / "untouched.sqlite3").exists()
    assert not (tmp_path.parent / "outside.txt").exists()


@pytest.mark.django_db
def test_an_archive_of_another_engine_is_refused(tmp_path):
    archive = backup_create(database=connection.settings_dict, media_root=tmp_path / "none", out_dir=tmp_path)
    other = (
        {"ENGINE": "django.db.backends.postgresql", "NAME": "rbm"}
        if connection.vendor == "sqlite"
        else {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}
    )

    with pytest.raises(BackupError) as refused:
        backup_restore(archive=archive, database=other, media_root=tmp_path / "restored")

    engine, target = ("sqlite3", "postgresql") if connection.vendor == "sqlite" else ("postgresql", "sqlite3")
    assert str(refused.value) == f"{archive} holds a {engine} database; the database to restore into is {target}."
