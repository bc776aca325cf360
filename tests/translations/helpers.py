from translations.files import translation_file_csv, translation_file_xlsx

WRITERS = {"xlsx": translation_file_xlsx, "csv": translation_file_csv}


def translation_file(kind: str, rows) -> bytes:
    return WRITERS[kind](rows)


def key(record) -> str:
    return f"{record._meta.label_lower}:{record.pk}"
