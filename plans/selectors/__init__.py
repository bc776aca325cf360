"""Reads of the plans app: plans and their matrices, target progress, key output statuses."""
