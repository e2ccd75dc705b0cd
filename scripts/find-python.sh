#!/usr/bin/env bash
# Prints the path of a Python interpreter that is 3.12 or newer, preferring 3.13.
# Django 6.x needs 3.12+; the machine default may be older, so look beyond `python3`.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
candidates+=(python3.13 python3.12 python3 python)
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13* "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*; do
  [ -x "$dir/bin/python" ] && candidates+=("$dir/bin/python")
done
candidates+=(/usr/local/bin/python3.13 /usr/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.12)
for c in "${candidates[@]}"; do
  p=$(command -v "$c" 2>/dev/null) || continue
  if ok "$p"; then
    # Resolve pyenv shims to the real interpreter so the venv does not depend on the shim.
    "$p" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
echo "error: Stronger Ankles needs Python 3.12 or newer (3.13 preferred) and none was found." >&2
echo "       Install python3.13 (or set PYTHON=/path/to/python3.13) and try again." >&2
exit 1
