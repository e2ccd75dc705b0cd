"""The random mask of each page's CSRF token, from one read of the system's randomness.

Django sends a page's forms the CSRF secret masked with a fresh random string of 32
letters and digits, so that a compressed page never repeats the secret (BREACH). It
draws them with `get_random_string`: one `secrets.choice` a character, and each of those
reads the kernel's randomness (a getrandom system call). That is 32 µs of CPU a page on
the benchmark's machine: about a tenth of the floor page's in-process CPU, 3% of Today's.

`new_csrf_string` draws the same thing, 32 characters uniformly from Django's 62
(`CSRF_ALLOWED_CHARS`), from one `secrets.token_bytes`: a byte below 248 (4 × 62) gives
the character `byte % 62`, uniformly; a byte from 248 up is dropped. Forty bytes almost
always give the 32 characters (more are read when they do not): 3 µs.

`install()`, called when the accounts app is ready, puts it in place of
`django.middleware.csrf._get_new_csrf_string`, the function Django calls for new secrets
and for masks alike. That is a private name. If a Django upgrade removes it, or its
alphabet and length are no longer the module constants read here, `install()` leaves
Django's own in place (correct, only slower) and `tests/accounts/test_csrf.py` fails to
say so.
"""

from __future__ import annotations

import secrets

from django.middleware import csrf

ALPHABET: str = getattr(csrf, "CSRF_ALLOWED_CHARS", "")
LENGTH: int = getattr(csrf, "CSRF_SECRET_LENGTH", 0)
_USABLE_BELOW = 256 - 256 % len(ALPHABET) if ALPHABET else 0  # 248: as many bytes for each character


def new_csrf_string() -> str:
    """A fresh secret or mask: LENGTH (32) characters drawn uniformly from the CSRF alphabet."""
    chars: list[str] = []
    while len(chars) < LENGTH:
        read = secrets.token_bytes(LENGTH + LENGTH // 4)
        chars.extend(ALPHABET[byte % len(ALPHABET)] for byte in read if byte < _USABLE_BELOW)
    return "".join(chars[:LENGTH])


def install() -> bool:
    """Replace Django's CSRF string if Django still has it as assumed; True if replaced."""
    fits = callable(getattr(csrf, "_get_new_csrf_string", None)) and 0 < len(ALPHABET) <= 256 and LENGTH > 0
    if fits:
        csrf._get_new_csrf_string = new_csrf_string
    return fits
