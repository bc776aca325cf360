"""How every form field is laid out: one template for the whole site (`{{ field.as_field_group }}`)."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's renderer over the site's templates, with the site's field group (label, widget, help, errors)."""

    field_template_name = "partials/field.html"
