from django.contrib import admin

from outcomes.models import Biennium, Outcome, StrategicFramework


class BienniumInline(admin.TabularInline):
    model = Biennium
    extra = 0


@admin.register(StrategicFramework)
class StrategicFrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year"]
    inlines = [BienniumInline]


@admin.register(Biennium)
class BienniumAdmin(admin.ModelAdmin):
    list_display = ["label", "framework", "is_closed"]
    list_filter = ["is_closed", "framework"]
    list_select_related = ["framework"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["number", "statement", "framework", "position"]
    list_filter = ["framework"]
    search_fields = ["number", "statement"]
    list_select_related = ["framework"]
