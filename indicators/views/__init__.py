"""The result entry pages, one module per part of the workflow."""
