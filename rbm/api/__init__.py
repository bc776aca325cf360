"""Shared pieces for every app's REST API (`<app>/apis.py`); use these rather than DRF's defaults.

- `permissions`: `PUBLIC_READ` (anyone reads, signed-in users write) and `SIGNED_IN`; both refuse writes
  through a read-only API token (`TokenAccess`). Scope and role rules stay in the services.
- `pagination`: `CursorPagination`, stable keyset pages that never count the table; `ordering_choices()`
  for the `ordering` filter that goes with it.
- `renderers`: `CSVRenderer` and `XLSXRenderer` for `?format=csv|xlsx` (or Accept); `TABULAR_RENDERERS`
  to add to a list view's `renderer_classes`, and `tabular_columns` on the view to name the columns.
- `conditional`: `conditional_response()` answers with ETag / Last-Modified and 304 Not Modified.
- `throttling`: anonymous and token throttles with rates from settings (`API_THROTTLE_*` variables).
- `schema`: `error_responses()`, `FORMAT_PARAMETER` and the response headers, so `extend_schema` tells
  the truth about error bodies, formats and conditional GET.

Errors are answered by `rbm.exceptions.api_exception_handler`: `{"detail": ...}` or field errors.
"""
