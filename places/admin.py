from django.contrib import admin

from places.models import Place, PlaceAlias, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "position")


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 1
    fields = ("name", "normalized")
    readonly_fields = ("normalized",)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "iso3", "iso2")
    list_filter = ("kind", "region")
    search_fields = ("name", "iso3", "iso2", "aliases__name")
    inlines = (PlaceAliasInline,)


@admin.register(PlaceAlias)
class PlaceAliasAdmin(admin.ModelAdmin):
    list_display = ("name", "place", "normalized")
    search_fields = ("name", "normalized", "place__name")
    list_select_related = ("place",)
    readonly_fields = ("normalized",)
