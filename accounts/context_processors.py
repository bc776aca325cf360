"""What every page's frame needs to know of the user: their scope, for the navigation."""

from django.utils.functional import SimpleLazyObject

from accounts.selectors import user_scope


def scope(request) -> dict:
    """The user's scope as `user_scope`, read only when a template asks for it."""
    return {"user_scope": SimpleLazyObject(lambda: user_scope(user=getattr(request, "user", None)))}
