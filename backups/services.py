"""Backups that restore: the database and the uploaded files in one archive, and putting them back.

An archive (`rbm-backup-<UTC time>.tar.gz`) holds `manifest.json` (when, which engine, the SHA-256 of
every member), the database (`database.dump`, from `pg_dump --format=custom`, or `database.sqlite3`,
an online copy made with SQLite's backup API) and `media/`, the uploaded and generated files.
Restoring checks the archive whole before touching anything: a member that does not match its
checksum, a path outside the archive or another engine's dump is refused with a message.
"""

import hashlib
import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connections

from indicators.counts_cache import counts_cache_invalidate

logger = logging.getLogger(__name__)

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"

BACKUP_UNREADABLE = "{path} is not an RBM backup archive: {reason}"
BACKUP_TAMPERED = "{path} is damaged: {member} does not match the checksum in its manifest."
BACKUP_OTHER_ENGINE = "{path} holds a {engine} database; the database to restore into is {target}."
BACKUP_TOOL_FAILED = "{tool} failed (exit {code}): {error}"
BACKUP_ENGINE_UNSUPPORTED = "Backups support PostgreSQL and SQLite databases, not {engine}."
BACKUP_NO_DATABASE_FILE = "There is no SQLite database at {path} to back up."


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message says why."""


@dataclass(frozen=True)
class BackupManifest:
    created_at: str
    engine: str
    database_member: str
    media_files: int
    checksums: dict[str, str]

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "format": ARCHIVE_FORMAT,
                "created_at": self.created_at,
                "engine": self.engine,
                "database": self.database_member,
                "media_files": self.media_files,
                "sha256": self.checksums,
            },
            indent=2,
            sort_keys=True,
        ).encode()


def _engine(database: dict[str, Any]) -> str:
    engine = str(database["ENGINE"]).rsplit(".", 1)[-1]
    if engine not in {"postgresql", "sqlite3"}:
        raise BackupError(BACKUP_ENGINE_UNSUPPORTED.format(engine=engine))
    return engine


def _postgres_env(database: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for the database, so that no password appears on a command line."""
    env = {**os.environ, "PGDATABASE": str(database["NAME"])}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _run(command: list[str], *, env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as missing:
        raise BackupError(BACKUP_TOOL_FAILED.format(tool=command[0], code="-", error=missing)) from None
    if done.returncode != 0:
        error = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no message"
        raise BackupError(BACKUP_TOOL_FAILED.format(tool=command[0], code=done.returncode, error=error))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _database_dump(*, database: dict[str, Any], folder: Path) -> Path:
    if _engine(database) == "postgresql":
        target = folder / POSTGRES_DUMP
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
            env=_postgres_env(database),
        )
        return target
    if not Path(str(database["NAME"])).is_file():
        raise BackupError(BACKUP_NO_DATABASE_FILE.format(path=database["NAME"]))
    target = folder / SQLITE_COPY
    source = sqlite3.connect(str(database["NAME"]))
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy)  # consistent even while the site writes
    finally:
        copy.close()
        source.close()
    return target


def backup_create(*, database: dict[str, Any], media_root: Path, out_dir: Path, now: datetime | None = None) -> Path:
    """Write an archive of the database and the media files into `out_dir`; return its path."""
    now = now or datetime.now(tz=UTC)
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = out_dir / f"rbm-backup-{now:%Y%m%dT%H%M%SZ}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="rbm-backup-") as work:
        dump = _database_dump(database=database, folder=Path(work))
        media_files = sorted(path for path in media_root.rglob("*") if path.is_file()) if media_root.is_dir() else []
        checksums = {dump.name: _sha256(dump)}
        for path in media_files:
            checksums[f"{MEDIA}/{path.relative_to(media_root).as_posix()}"] = _sha256(path)
        manifest = BackupManifest(
            created_at=now.isoformat(),
            engine=_engine(database),
            database_member=dump.name,
            media_files=len(media_files),
            checksums=checksums,
        )
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = manifest.as_json()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(now.timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            for path in media_files:
                tar.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}", recursive=False)
        partial.replace(archive)  # a half-written archive never bears the final name
    logger.info("Backup written to %s: %s database, %d media file(s)", archive, manifest.engine, len(media_files))
    return archive


def backup_read_manifest(*, archive: Path) -> BackupManifest:
    """The archive's manifest; BackupError when the file is not one of our archives."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            raw = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(BACKUP_UNREADABLE.format(path=archive, reason=error)) from None
    if not isinstance(raw, dict) or raw.get("format") != ARCHIVE_FORMAT:
        raise BackupError(BACKUP_UNREADABLE.format(path=archive, reason="unknown manifest format"))
    return BackupManifest(
        created_at=str(raw["created_at"]),
        engine=str(raw["engine"]),
        database_member=str(raw["database"]),
        media_files=int(raw["media_files"]),
        checksums=dict(raw["sha256"]),
    )


def _unpack(*, archive: Path, manifest: BackupManifest, folder: Path) -> None:
    """Extract the archive (only regular files and folders inside it) and check every member's checksum."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            tar.extractall(folder, filter="data")  # refuses absolute paths, "..", links out and devices
    except (OSError, tarfile.TarError) as error:
        raise BackupError(BACKUP_UNREADABLE.format(path=archive, reason=error)) from None
    found = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()} - {MANIFEST}
    if found != set(manifest.checksums):
        extra = sorted(found ^ set(manifest.checksums))
        raise BackupError(BACKUP_TAMPERED.format(path=archive, member=", ".join(extra)))
    for member, expected in manifest.checksums.items():
        if _sha256(folder / member) != expected:
            raise BackupError(BACKUP_TAMPERED.format(path=archive, member=member))


def _database_restore(*, database: dict[str, Any], dump: Path) -> None:
    for connection in connections.all(initialized_only=True):
        connection.close()
    if _engine(database) == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={database['NAME']}",
                str(dump),
            ],
            env=_postgres_env(database),
        )
        return
    source = sqlite3.connect(str(dump))
    target = sqlite3.connect(str(database["NAME"]))
    try:
        source.backup(target)  # replaces every page of the target database
    finally:
        target.close()
        source.close()


def _media_restore(*, unpacked: Path, media_root: Path) -> None:
    """Put the archive's media files in place of the current ones (the old tree is removed once swapped)."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    incoming = unpacked / MEDIA
    if not incoming.is_dir():
        incoming.mkdir()
    staged = Path(tempfile.mkdtemp(prefix=f".{media_root.name}-restoring-", dir=media_root.parent))
    shutil.copytree(incoming, staged, dirs_exist_ok=True)
    previous = None
    if media_root.exists():
        previous = media_root.with_name(f".{media_root.name}-previous-{datetime.now(tz=UTC):%Y%m%dT%H%M%S%f}")
        media_root.rename(previous)
    staged.rename(media_root)
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


def backup_restore(*, archive: Path, database: dict[str, Any], media_root: Path) -> BackupManifest:
    """Replace the database and the media files with an archive's; the archive is checked whole first."""
    manifest = backup_read_manifest(archive=archive)
    target = _engine(database)
    if manifest.engine != target:
        raise BackupError(BACKUP_OTHER_ENGINE.format(path=archive, engine=manifest.engine, target=target))
    with tempfile.TemporaryDirectory(prefix="rbm-restore-") as work:
        unpacked = Path(work)
        _unpack(archive=archive, manifest=manifest, folder=unpacked)
        _database_restore(database=database, dump=unpacked / manifest.database_member)
        _media_restore(unpacked=unpacked, media_root=media_root)
    counts_cache_invalidate()  # the counts cached are the replaced database's
    logger.info(
        "Backup %s of %s restored: %s database, %d media file(s)",
        archive,
        manifest.created_at,
        manifest.engine,
        manifest.media_files,
    )
    return manifest
