"""A form sent after the session ended, kept for its author to check and save again once signed in.

An idle session ends (`IdleSessionMiddleware`) while a user types; their POST then meets `login_required`,
which sends them to the sign-in page and would drop what they typed. `KeptFormMiddleware` keeps the
form's fields in the new, anonymous session (size-limited; never a password or the CSRF token), signing in
carries the session over, and the page the form was on shows them again, pre-filled, with a message. Nothing
is saved for the user: they check it and save again. Files are not kept (a session holds text); the page
names the ones to attach again.
"""

import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.rules import KEPT_FORM_FILES, KEPT_FORM_INCOMPLETE, KEPT_FORM_NOTICE
from rbm import limits

SESSION_KEPT_FORM = "rbm_kept_form"
# Fields never kept: secrets, and the CSRF token (the page gives a fresh one).
_NEVER_KEPT = re.compile(r"csrfmiddlewaretoken|password", re.IGNORECASE)
_FILE_NAME_MAX = 255


@dataclass(frozen=True)
class KeptForm:
    """What a signed-out user sent: to which address, from which page, its fields, and what was not kept."""

    action: str
    page: str
    fields: list[tuple[str, list[str]]]
    files: list[str]
    incomplete: bool

    notice = KEPT_FORM_NOTICE
    incomplete_notice = KEPT_FORM_INCOMPLETE

    @property
    def files_notice(self) -> str:
        return KEPT_FORM_FILES % {"names": ", ".join(self.files)} if self.files else ""

    @property
    def values(self) -> dict[str, list[str]]:
        """The fields by name, for the page's script to fill the form with."""
        return dict(self.fields)

    @property
    def typed(self) -> list[tuple[str, str]]:
        """The fields that hold text (not only ids and numbers), for a reader to copy without the script."""
        return [
            (name, ", ".join(values))
            for name, values in self.fields
            if any(value.strip() and not value.strip().isdigit() for value in values)
        ]


def _page_of(request: HttpRequest) -> str:
    """The page the form was on: the referring page of this site, else the address it was sent to."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


def kept_form_store(*, request: HttpRequest) -> str:
    """Keep the request's form in its (new) session; return the page to go back to after signing in."""
    fields: list[tuple[str, list[str]]] = []
    size = 0
    incomplete = False
    for name, values in request.POST.lists():
        if _NEVER_KEPT.search(name):
            continue
        cleaned = [value.replace("\x00", "") for value in values]
        size += len(name) + sum(len(value) for value in cleaned)
        if size > limits.KEPT_FORM_CHARS_MAX or len(fields) >= limits.KEPT_FORM_FIELDS_MAX:
            incomplete = True
            break
        fields.append((name, cleaned))
    files = [upload.name[:_FILE_NAME_MAX] for upload in request.FILES.values()][: limits.KEPT_FORM_FIELDS_MAX]
    page = _page_of(request)
    request.session[SESSION_KEPT_FORM] = {
        "action": request.path,
        "page": page,
        "fields": fields,
        "files": files,
        "incomplete": incomplete,
        "at": int(time.time()),
    }
    return page


def kept_form_take(*, session: SessionBase, path: str) -> KeptForm | None:
    """The form kept for the page at `path`, taken out of the session (shown once); None if there is none.

    A form kept for longer than `KEPT_FORM_SECONDS` is dropped unseen."""
    kept = session.get(SESSION_KEPT_FORM)
    if not isinstance(kept, dict):
        return None
    if int(time.time()) - int(kept.get("at", 0)) > limits.KEPT_FORM_SECONDS:
        del session[SESSION_KEPT_FORM]
        return None
    if urlsplit(kept.get("page", "")).path != path:
        return None
    del session[SESSION_KEPT_FORM]
    return KeptForm(
        action=kept["action"],
        page=kept["page"],
        fields=[(name, list(values)) for name, values in kept["fields"]],
        files=list(kept["files"]),
        incomplete=bool(kept["incomplete"]),
    )
