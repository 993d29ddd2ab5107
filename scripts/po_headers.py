"""Give every catalogue a proper header (language, project) so msgfmt and translators see them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

for name in sys.argv[1:]:
    path = Path(name)
    language = path.parts[-3]
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n\n")
    head = re.sub(r"(?m)^#, fuzzy\n", "", head)
    head = re.sub(
        r"(?m)^# (SOME DESCRIPTIVE TITLE\.|Copyright \(C\) YEAR.*|This file is distributed.*|FIRST AUTHOR.*)\n",
        "",
        head,
    )
    head = head.replace(
        '"Project-Id-Version: PACKAGE VERSION\\n"', '"Project-Id-Version: SIB Platform\\n"'
    )
    head = head.replace(
        '"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"',
        '"PO-Revision-Date: 2026-11-27 00:00+0100\\n"',
    )
    head = head.replace(
        '"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"',
        '"Last-Translator: SIB Platform contributors\\n"',
    )
    head = head.replace(
        '"Language-Team: LANGUAGE <LL@li.org>\\n"', f'"Language-Team: {language}\\n"'
    )
    head = head.replace('"Language: \\n"', f'"Language: {language}\\n"')
    head = re.sub(r'"POT-Creation-Date: [^"]*"\n', "", head)
    if not head.startswith("# SIB Platform"):
        head = f"# SIB Platform — {language} messages.\n#\n" + head.lstrip("#\n")
    path.write_text(head + sep + rest, encoding="utf-8")
