"""The progress tests run at the shared NOW, as the tracking tests do."""

import pytest
import time_machine

from tests.dates import NOW


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
