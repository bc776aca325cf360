import re
import unicodedata

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u0060\u00b4]")
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def normalize_name(name: str) -> str:
    """Fold a place name to the form aliases are matched on.

    Letter case, accents, apostrophes and punctuation vary between documents without changing the
    place meant, so they are dropped; "&" reads as "and".
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.casefold().replace("&", " and ")
    text = _APOSTROPHES.sub("", text)
    return " ".join(_SEPARATORS.sub(" ", text).split())
