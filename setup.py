"""Packaging: every top-level folder of the tree is installed *inside* the ``pulso`` package.

The design card keeps ``collectors/``, ``analytics/``, ``reports/`` and ``db/`` as top-level
folders, but a distribution that installs top-level packages named ``db``, ``web``,
``reports`` or ``jobs`` collides with other distributions that install the same names
(``web.py`` installs ``web``): whichever is installed last wins, silently. So the folders
stay where a reader looks for them, and setuptools maps each to a subpackage of ``pulso``
(``db/`` -> ``pulso.db``, ``web/`` -> ``pulso.web``, ...). Only ``pulso`` is installed at the
top level; every import in the project names ``pulso.<floor>``.
"""

from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
FLOORS = (
    "db",
    "collectors",
    "analytics",
    "consultation",
    "reports",
    "sandbox",
    "web",
    "jobs",
    "cli",
)

package_dir = {"pulso": "pulso"}
packages = ["pulso", *(f"pulso.{p}" for p in find_packages(str(HERE / "pulso")))]
for floor in FLOORS:
    package_dir[f"pulso.{floor}"] = floor
    packages.append(f"pulso.{floor}")
    for sub in find_packages(str(HERE / floor)):
        packages.append(f"pulso.{floor}.{sub}")
        package_dir[f"pulso.{floor}.{sub}"] = f"{floor}/{sub.replace('.', '/')}"

setup(package_dir=package_dir, packages=packages)
