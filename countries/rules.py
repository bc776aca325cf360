"""The messages of the country pages: which place a key names, and what a profile says when it is empty."""

from django.utils.translation import gettext_lazy as _

COUNTRY_UNKNOWN = _("No member State or territory is known as “%(key)s”.")
NOTHING_RECORDED = _("Nothing is recorded for %(place)s yet: no country programme, result or evaluation.")
PROGRAMME_SAVED = _("The Decent Work Country Programme “%(title)s” is saved.")
PROGRAMME_OUTCOME_SAVED = _("The country programme outcome %(code)s is saved.")
