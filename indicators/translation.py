"""The indicators fields meant for readers, in every language (the list is rbm/translation.py's)."""

from rbm.translation import register_reader_models

# The unit's default ("member States") is English: a new indicator's French and Spanish units start empty
# (read through rbm.translation.translated_term, which knows the organisation's words for them).
NO_DEFAULT = {"fr": {"default": None}, "es": {"default": None}}

register_reader_models("indicators", field_options={"unit": NO_DEFAULT, "unit_singular": NO_DEFAULT})
