"""The benchmark says which kind of interpreter its figures came from."""

import platform
import sysconfig

import pytest

from bench.measure import python_build


@pytest.mark.parametrize(
    ("config_args", "said"),
    [
        # pyenv's default build
        ("'--prefix=/opt/py' '--enable-shared'", "configured without --enable-optimizations or --with-lto"),
        # the official Docker images' build
        ("'--enable-optimizations' '--with-lto'", "configured with --enable-optimizations --with-lto"),
        ("'--enable-optimizations'", "configured with --enable-optimizations"),
    ],
)
def test_the_report_names_the_interpreters_optimisation_flags(monkeypatch, config_args, said):
    real = sysconfig.get_config_var
    monkeypatch.setattr(sysconfig, "get_config_var", lambda name: config_args if name == "CONFIG_ARGS" else real(name))
    assert python_build() == f"Python {platform.python_version()} ({said})"
