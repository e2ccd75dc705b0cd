from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Progress (levels, pain, self-tests)"

    def ready(self) -> None:
        # Today and the player ask tracking's hooks; tracking never imports progress.
        from progress.today import level_doses, today_panel
        from tracking.hooks import register_dose_provider, register_today_panel

        register_dose_provider(level_doses)
        register_today_panel(today_panel)
