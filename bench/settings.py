"""The benchmark's settings: production's, plus one page that only the benchmark serves.

    DJANGO_SETTINGS_MODULE=bench.settings

Everything is `ankleapp.settings` as production reads it from the environment; the only
change is the URLconf, `bench.urls`, which adds the floor page (`/bench/floor/`) after
every route of the app. Production's URLconf never has it (a test checks).
"""

from ankleapp.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
