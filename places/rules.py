"""The messages every app shows about places, in one owning module: selectors, imports and APIs share them."""

from django.utils.translation import gettext_lazy as _

PLACE_UNKNOWN = _("“%(name)s” is not a member State or territory we know; give its ISO code or name.")
PLACE_CODE_UNKNOWN = _("There is no place with the ISO code %(code)s.")
REGION_UNKNOWN = _("There is no region “%(name)s”; give its code, e.g. africa.")
PLACE_DID_YOU_MEAN = _("Did you mean %(names)s?")
ALIAS_TAKEN = _("“%(name)s” is already a spelling of %(place)s (as “%(alias)s”).")
ALIAS_TAKEN_HERE = _("“%(name)s” is already a spelling of this place (as “%(alias)s”).")
ALIAS_EMPTY = _("“%(name)s” has no letters or digits to match on; give the spelling as printed.")
