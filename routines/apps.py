from django.apps import AppConfig


class RoutinesConfig(AppConfig):
    name = "routines"
    verbose_name = "Routines"

    def ready(self) -> None:
        from routines import signals  # noqa: F401  (cache invalidation on edits)
