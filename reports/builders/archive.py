"""Office documents are zip archives stamped with the time they were written; stamp them with the data's time."""

import io
import zipfile
from datetime import datetime


def restamp(archive: bytes, *, when: datetime) -> bytes:
    """Rewrite the archive with every member dated `when`, so the same data gives the same bytes."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    source = zipfile.ZipFile(io.BytesIO(archive))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            target.writestr(info, source.read(member.filename))
    return output.getvalue()
