"""A wheel built from the checkout carries what a server needs beside the code (GOV.UK
Frontend's scripts, styles, fonts and images, the compiled stylesheet, the templates and the
compiled translations), so `pip install yousaid-*.whl` alone gives a styled service.

Built offline with the setuptools already installed (the dev dependencies pin it), from a copy
of the checkout so the build's scratch folders never land in the working tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT

NOT_SHIPPED = {".git", ".venv", "node_modules", "tests", "bench", "instance", "build", "dist"}


def _ignore(folder: str, names: list[str]) -> set[str]:
    top = Path(folder).resolve() == ROOT
    return {
        name
        for name in names
        if (top and name in NOT_SHIPPED) or name == "__pycache__" or name.endswith(".egg-info")
    }


def test_the_wheel_carries_the_front_end_templates_and_translations(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=_ignore)
    offline = ["--no-deps", "--no-build-isolation", "--no-index", "--quiet"]
    wheels = ["--wheel-dir", str(tmp_path / "wheels")]
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", *offline, *wheels, str(source)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (tmp_path / "wheels").glob("yousaid-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    web = "survey/web/"
    for needed in [
        "static/govuk/govuk-frontend.min.js",
        "static/govuk/govuk-frontend.min.css",
        "static/govuk/assets/manifest.json",
        "static/build/app.css",
        "static/js/app.js",
        "static/pictograms/face-happy.svg",
        "static/accessible-autocomplete/accessible-autocomplete.min.js",
        "templates/base.html",
        "translations/cy/LC_MESSAGES/messages.mo",
    ]:
        assert web + needed in names, f"{needed} is not in the wheel (run scripts/setup.sh first)"
    assert any(n.startswith(web + "static/govuk/assets/fonts/") for n in names)
    assert any(n.startswith(web + "static/govuk/assets/images/") for n in names)
    assert not any(n.endswith(".fingerprint") for n in names)
    assert "survey/cli/__init__.py" in names
