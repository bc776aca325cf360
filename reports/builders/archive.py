"""Office documents are zip archives stamped with the time they were written; stamp them with the data's time."""

import io
import zipfile
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime


def restamp(
    archive: bytes, *, when: datetime, rewrite: Mapping[str, Callable[[bytes], Iterable[bytes]]] | None = None
) -> bytes:
    """Rewrite the archive with every member dated `when`, so the same data gives the same bytes; a member named
    in `rewrite` is written as its function gives it, piece by piece."""
    rewrite = rewrite or {}
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    source = zipfile.ZipFile(io.BytesIO(archive))
    if missing := set(rewrite) - set(source.namelist()):
        raise ValueError(f"No such member to rewrite: {', '.join(sorted(missing))}")
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            content = source.read(member.filename)
            if member.filename not in rewrite:
                target.writestr(info, content)
                continue
            with target.open(info, "w") as stream:
                for piece in rewrite[member.filename](content):
                    stream.write(piece)
    return output.getvalue()
