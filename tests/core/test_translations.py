"""Every UI string is translated into Polish and English, in every app's catalogue.

The strings are extracted afresh from a copy of each app (templates and code), merged with the
committed catalogues, and every entry must then have a non-fuzzy translation in both languages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "sib"
APPS = sorted(path.parent.name for path in SRC.glob("*/locale"))


def _untranslated(po: Path) -> str:
    result = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", "--no-wrap", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", "--no-wrap", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    entries = [
        block
        for block in (result.stdout + "\n\n" + fuzzy.stdout).split("\n\n")
        if "msgid " in block
        and 'msgid ""\nmsgstr ""\n"Project-Id' not in block
        and not block.startswith('msgid ""\nmsgstr ""')
    ]
    return "\n\n".join(entries)


@pytest.mark.skipif(shutil.which("msgattrib") is None, reason="gettext is not installed")
@pytest.mark.parametrize("app", APPS)
def test_every_string_is_translated_in_both_languages(app: str, tmp_path: Path) -> None:
    copy = tmp_path / app
    shutil.copytree(SRC / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sib.settings"}
    subprocess.run(
        [
            # The console script, not `python -m`: the app copy is the working directory, and its
            # selectors.py would shadow the standard library's module of that name.
            str(Path(sys.executable).parent / "sib"),
            "makemessages",
            "-l",
            "pl",
            "-l",
            "en",
            "--no-obsolete",
            "--no-location",
            "--verbosity",
            "0",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    missing = {
        language: _untranslated(copy / "locale" / language / "LC_MESSAGES" / "django.po")
        for language in ("pl", "en")
    }
    report = "\n".join(f"--- {language} ---\n{text}" for language, text in missing.items() if text)
    assert not report, (
        f"Untranslated strings in {app} (run `make messages`, then translate):\n{report}"
    )


def test_every_app_with_templates_or_strings_has_a_catalogue() -> None:
    apps_with_code = {path.parent.name for path in SRC.glob("*/apps.py")}
    assert apps_with_code <= set(APPS), (
        f"apps without a locale/ catalogue: {apps_with_code - set(APPS)}"
    )
