"""The user's notifications: the list with their email choices, opening one, marking all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from notifications.forms import NotificationPreferenceForm
from notifications.selectors import (
    notification_list,
    notification_preference_get,
    notification_target,
    notification_text,
)
from notifications.services import notification_preference_set, notification_read, notifications_read_all

PAGE_SIZE = 50
ALL_READ = _("%(count)d notification(s) marked read.")
PREFERENCES_SAVED = _("Your email choices are saved.")


def _page(request, *, form=None, status: int = 200):
    page = Paginator(notification_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"notification": item, "text": notification_text(notification=item)} for item in page]
    form = form or NotificationPreferenceForm(instance=notification_preference_get(user=request.user))
    return render(request, "notifications/list.html", {"page": page, "rows": rows, "form": form}, status=status)


@login_required
@require_GET
def notification_list_view(request):
    """Every notification of the user, newest first, unread ones marked, and what they also get by email."""
    return _page(request)


@login_required
@require_GET
def notification_open_view(request, pk: int):
    """Open a notification: it is read, and the user lands on the result or action it is about."""
    notification = get_object_or_404(notification_list(user=request.user), pk=pk)
    notification_read(user=request.user, notification=notification)
    return redirect(notification_target(notification=notification) or "notifications:notification-list")


@login_required
@require_POST
def notification_read_all_view(request):
    count = notifications_read_all(user=request.user)
    messages.success(request, ALL_READ % {"count": count})
    return redirect("notifications:notification-list")


@login_required
@require_POST
def notification_preference_view(request):
    form = NotificationPreferenceForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    notification_preference_set(user=request.user, **form.cleaned_data)
    messages.success(request, PREFERENCES_SAVED)
    return redirect("notifications:notification-list")
