"""Writes of the plans app: imports of matrices and events, and key output statuses."""
