from django import forms

from notifications.models import NotificationPreference


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ("email_reviews", "email_submissions", "email_follow_up", "language")
