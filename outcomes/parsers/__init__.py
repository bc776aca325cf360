"""Parsers of the published documents an outcome's records come from (report tables, narratives)."""
