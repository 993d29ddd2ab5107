"""Fill empty msgstr entries of a catalogue from a JSON file {msgid: translation | [plural forms]}.

    .venv/bin/python scripts/apply_translations.py src/sib/core/locale/pl/LC_MESSAGES/django.po pl.json

Entries already translated are kept unless --force. Reports msgids the JSON does not cover.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def _unquote(lines: str) -> str:
    return "".join(re.findall(r'"(.*)"', lines))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def apply(po: Path, translations: dict[str, str | list[str]], force: bool) -> list[str]:
    blocks = po.read_text(encoding="utf-8").split("\n\n")
    missing = []
    for index, block in enumerate(blocks):
        match = re.search(r'(?m)^msgid ((?:".*"\n?)+)', block + "\n")
        if not match:
            continue
        msgid = _unescape(_unquote(match.group(1)))
        if not msgid:
            continue
        fuzzy = bool(re.search(r"(?m)^#,.*\bfuzzy\b", block))
        strings = re.findall(r'(?m)^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n")
        empty = not strings or any(not _unquote(value) for value in strings)
        if not (empty or fuzzy or (force and msgid in translations)):
            continue
        value = translations.get(msgid)
        if value is None:
            if not force:
                missing.append(msgid)
            continue
        lines = [line for line in block.split("\n") if not line.startswith("#|")]
        lines = [_drop_fuzzy(line) for line in lines]
        block = "\n".join(line for line in lines if line != "#,")
        head = re.split(r"(?m)^msgstr", block)[0].rstrip("\n")
        if "msgid_plural" in block:
            forms = value if isinstance(value, list) else [value]
            forms = (forms + [forms[-1]] * 4)[:4]
            body = "\n".join(f'msgstr[{n}] "{_escape(form)}"' for n, form in enumerate(forms))
        else:
            body = f'msgstr "{_escape(value if isinstance(value, str) else value[0])}"'
        blocks[index] = head + "\n" + body
    po.write_text("\n\n".join(blocks), encoding="utf-8")
    return missing


def _drop_fuzzy(line: str) -> str:
    if not line.startswith("#,"):
        return line
    flags = [
        flag.strip() for flag in line[2:].split(",") if flag.strip() and flag.strip() != "fuzzy"
    ]
    return "#, " + ", ".join(flags) if flags else "#,"


if __name__ == "__main__":
    force = "--force" in sys.argv
    args = [arg for arg in sys.argv[1:] if arg != "--force"]
    catalogue, source = Path(args[0]), Path(args[1])
    left = apply(catalogue, json.loads(source.read_text(encoding="utf-8")), force)
    for msgid in left:
        print("untranslated:", msgid)
    sys.exit(1 if left else 0)
