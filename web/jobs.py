"""Where scheduled jobs come from.

Each module named in ``JOB_MODULES`` registers its callables in ``web.scheduler.REGISTRY``
when imported (``REGISTRY.register("collect:facebook", fn)``). The collectors and reports
packages add their module here when they land; until then nothing is scheduled and
``pulso serve`` says so.
"""

from __future__ import annotations

import importlib

from web.scheduler import REGISTRY, JobRegistry

JOB_MODULES: tuple[str, ...] = ()


def load_jobs(modules: tuple[str, ...] = JOB_MODULES) -> JobRegistry:
    for name in modules:
        importlib.import_module(name)
    return REGISTRY
