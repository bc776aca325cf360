from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        # Cache invalidation only: no business rule hangs on these signals.
        from indicators.counts_cache import invalidate_on_change

        watched = [
            "indicators.Result",
            "indicators.Target",
            "indicators.PublishedFigure",
            "indicators.Indicator",
            "outcomes.Outcome",
            "outcomes.Biennium",
            "places.Place",
            "places.Region",
        ]
        for label in watched:
            model = self.apps.get_model(label)
            post_save.connect(invalidate_on_change, sender=model, dispatch_uid=f"counts-cache-save-{label}")
            post_delete.connect(invalidate_on_change, sender=model, dispatch_uid=f"counts-cache-delete-{label}")
