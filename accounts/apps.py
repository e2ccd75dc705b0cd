from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(using: str = "default", **kwargs) -> None:
    """The shared database cache needs its table: make `migrate` create it, so no
    deployment has an extra step to forget."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts import csrf
        from accounts.timezones import valid_timezones

        csrf.install()  # each page's CSRF mask from one read of the system's randomness, not 32

        valid_timezones()  # read the zone list once, before gunicorn forks its workers
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="accounts.create_cache_table")
