"""Places are reference data: regions and places are read here; administrators add the spellings of a place's
name published documents use, through the same service and checks as everywhere else."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from places.models import Place, PlaceAlias, Region
from places.services import place_alias_add, place_alias_check
from rbm.admin import ReadOnlyAdmin, ReadOnlyInline, RevertGuard


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("name", "short_name", "code", "position")


class PlaceAliasInline(ReadOnlyInline, admin.TabularInline):
    model = PlaceAlias
    fields = ("name", "kind", "source")


@admin.register(Place)
class PlaceAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "region", "iso3", "iso2")
    list_filter = ("kind", "region")
    search_fields = ("name", "iso3", "iso2", "aliases__name")
    list_select_related = ("region",)
    inlines = (PlaceAliasInline,)


class PlaceAliasForm(forms.ModelForm):
    class Meta:
        model = PlaceAlias
        fields = ("place", "name", "kind", "source")

    def clean(self):
        cleaned = super().clean()
        if "name" in cleaned:
            try:
                place_alias_check(place=cleaned.get("place"), name=cleaned["name"])
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(PlaceAlias)
class PlaceAliasAdmin(RevertGuard, SimpleHistoryAdmin):
    """Aliases are added (and a mistaken one deleted, with its history kept), never rewritten in place."""

    form = PlaceAliasForm
    list_display = ("name", "place", "kind", "source")
    list_filter = ("kind",)
    search_fields = ("name", "normalized", "place__name", "source")
    list_select_related = ("place",)
    autocomplete_fields = ("place",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        saved = place_alias_add(
            place=form.cleaned_data["place"],
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            source=form.cleaned_data["source"],
        )
        obj.pk, obj.normalized = saved.pk, saved.normalized
        obj._state.adding = False
