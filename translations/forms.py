from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rbm.files import FILE_TOO_LARGE
from translations.files import FILE_MAX_MB, file_kind

FILE_REQUIRED = _("Choose the translation file to upload.")


class TranslationFileForm(forms.Form):
    file = forms.FileField(
        label=_("Translation file (.xlsx or .csv)"),
        error_messages={"required": FILE_REQUIRED},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            file_kind(upload.name)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        if upload.size > FILE_MAX_MB * 1024 * 1024:
            raise ValidationError(FILE_TOO_LARGE % {"name": upload.name, "limit": FILE_MAX_MB})
        return upload


class TranslationTextsForm(forms.Form):
    """A record's translations: one field per translatable field and language (`<field>__<language>`)."""

    def __init__(self, *args, text_fields, languages, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.text_fields = text_fields
        self.languages = languages
        for text in text_fields:
            for code, name in languages:
                attrs = {"lang": code, "rows": 4} if text.long else {"lang": code}
                self.fields[f"{text.name}__{code}"] = forms.CharField(
                    label=f"{text.label} ({name})",
                    required=False,
                    max_length=text.limit,
                    initial=text.translations.get(code, ""),
                    widget=forms.Textarea(attrs=attrs) if text.long else forms.TextInput(attrs=attrs),
                )

    def rows(self):
        """Per translatable field: its English and the bound fields of each language, for the template."""
        return [
            {"text": text, "fields": [self[f"{text.name}__{code}"] for code, _name in self.languages]}
            for text in self.text_fields
        ]

    def values(self) -> dict[tuple[str, str], str]:
        return {
            (text.name, code): self.cleaned_data.get(f"{text.name}__{code}", "")
            for text in self.text_fields
            for code, _name in self.languages
        }
