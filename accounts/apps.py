from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from accounts.signals import log_sign_in, log_sign_in_failed, log_sign_out, session_start

        user_logged_in.connect(log_sign_in, dispatch_uid="accounts.log_sign_in")
        user_login_failed.connect(log_sign_in_failed, dispatch_uid="accounts.log_sign_in_failed")
        user_logged_in.connect(session_start, dispatch_uid="accounts.session_start")
        user_logged_out.connect(log_sign_out, dispatch_uid="accounts.log_sign_out")
