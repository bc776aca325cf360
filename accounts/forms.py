from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “regional dashboard”.")
    )
    access = forms.ChoiceField(
        label=_("Access"),
        choices=ApiToken.Access.choices,
        initial=ApiToken.Access.READ,
        widget=forms.RadioSelect,
        help_text=_("A read-only token can only read; a read-and-write token acts with your role and scope."),
    )
