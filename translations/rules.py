"""The messages of the translators' round trip, kept as constants so tests assert them exactly."""

from django.utils.translation import gettext_lazy as _

LANGUAGE_UNKNOWN = _("“%(language)s” is not a language texts are translated into; choose one of %(choices)s.")
FILE_KIND_UNKNOWN = _("%(name)s is neither an Excel workbook (.xlsx) nor a CSV file (.csv).")
CSV_NOT_UTF8 = _("The CSV file is not UTF-8 text; save it as “CSV UTF-8” and try again.")
CSV_UNREADABLE = _("Line %(line)d: the CSV file cannot be read there (%(reason)s).")
HEADING_MISSING = _("The first row must name the columns key, field, source and translation.")
NO_ROWS = _("The file has no rows under its heading row.")
TOO_MANY_ROWS = _("The file has more than %(limit)d rows; split it into several files.")
CELL_TOO_LONG = _("Line %(line)d: a cell holds %(length)d characters; a cell may hold at most %(limit)d.")

KEY_UNKNOWN = _("Line %(line)d: the key “%(key)s” names no text that can be translated.")
FIELD_UNKNOWN = _("Line %(line)d: “%(field)s” is not a field of %(key)s.")
FIELD_NOT_TRANSLATABLE = _("Line %(line)d: the field “%(field)s” of %(key)s is not translated.")
TEXT_TOO_LONG = _("Line %(line)d: the translation has %(length)d characters; %(field)s holds at most %(limit)d.")
TEXT_NUL = _("Line %(line)d: the translation contains a NUL character, which is not allowed.")
OUTSIDE_SCOPE = _("Line %(line)d: %(key)s belongs to an outcome outside your scope.")
ROW_REPEATED = _("Line %(line)d: %(key)s %(field)s is already translated on line %(first)d.")
SOURCE_STALE = _(
    "Line %(line)d: the English of %(key)s %(field)s changed since the file was exported; "
    "export again and translate the new text."
)

IMPORT_REFUSED = _("Nothing was imported: the file has %(count)d problem(s); correct them and import it again.")
IMPORT_REASON = _("Translation imported from %(name)s")
UPLOAD_NOT_OPEN = _("This upload was already applied or discarded.")
NOT_ALLOWED = _("Only managers and administrators import translations.")
NOTHING_TO_CHANGE = _("Nothing to change: every translation in the file is already stored.")
TEXT_EDITED_REASON = _("Translation edited")
TRANSLATIONS_SAVED = _("Translations saved.")
NOTHING_CHANGED = _("Nothing changed.")
TEXT_OUTSIDE_SCOPE = _("This text belongs to an outcome outside your scope.")
