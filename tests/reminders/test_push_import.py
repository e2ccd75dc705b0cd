"""A web process never loads the push client: pywebpush brings aiohttp and requests (about
12 MB in each worker), and only the reminder sender uses them (reminders/push.py).

Checked in a fresh process with the production environment and push configured, after
what the gunicorn master does before it forks: the URLconf and every view imported, the
templates compiled.
"""

import json

from tests.security.helpers import production_environment, run_python

HEAVY = ["pywebpush", "py_vapid", "aiohttp", "requests", "http_ece"]

MASTER_WARM_UP = f"""
import json, sys
from types import SimpleNamespace
import django
django.setup()
from ankleapp.serving import warm_up_urlconf
logged = []
log = SimpleNamespace(info=lambda *args: logged.append(args), exception=lambda *args: logged.append(('!',) + args))
warm_up_urlconf(SimpleNamespace(cfg=SimpleNamespace(preload_app=True), log=log))
import reminders.push
print(json.dumps({{"logged": [str(line[0]) for line in logged], "loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""

VAPID = {
    "VAPID_PUBLIC_KEY": "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U",
    "VAPID_PRIVATE_KEY": "UUxI4O8-FbRouAevSmBQ6o18hgE4nSG3qwvJTfKc-ls",
    "VAPID_SUBJECT": "mailto:ops@example.com",
}


def test_a_warmed_up_web_process_has_not_imported_the_push_client():
    result = run_python(MASTER_WARM_UP, production_environment(**VAPID))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["logged"] == ["Warmed up the URLconf and %d templates in the master"]  # the warm-up ran whole
    assert report["loaded"] == []


def test_the_check_sees_the_push_client_once_it_is_used():
    # Making VAPID keys (manage.py vapid_keys) imports py_vapid: the check above can fail.
    used = "from reminders.push import new_vapid_keys\nnew_vapid_keys()\n"
    code = f"{MASTER_WARM_UP}\n{used}print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    result = run_python(code, production_environment(**VAPID))
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout.strip().splitlines()[-1])) >= {"py_vapid"}
