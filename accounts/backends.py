"""The sign-in lock of django-axes, for sign-ins that come with a request (the site's and /admin/'s forms)."""

from axes.backends import AxesStandaloneBackend


class SignInLockBackend(AxesStandaloneBackend):
    """django-axes' check, passed over when there is no request to tell the address (a script or a test
    calling `authenticate()` directly): the password is then checked by the next backend as before."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
