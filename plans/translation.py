"""The plans fields meant for readers, in every language (the list is rbm/translation.py's)."""

from rbm.translation import register_reader_models

register_reader_models("plans")
