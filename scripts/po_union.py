"""Fill untranslated entries of a catalogue from other versions of it (e.g. after a merge).

    python scripts/po_union.py TARGET.po SOURCE.po [SOURCE.po ...]

Matching is on (msgctxt, msgid). Entries already translated in TARGET are kept.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

FIELD = re.compile(r'(?m)^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) ((?:".*"\n?)+)')


def entries(text: str) -> list[tuple[str, dict[str, str]]]:
    result = []
    for block in text.split("\n\n"):
        fields = {
            name: "".join(re.findall(r'"(.*)"', value))
            for name, value in FIELD.findall(block + "\n")
        }
        if fields.get("msgid"):
            result.append((block, fields))
    return result


def key(fields: dict[str, str]) -> tuple[str, str]:
    return fields.get("msgctxt", ""), fields["msgid"]


def translated(fields: dict[str, str]) -> bool:
    values = [value for name, value in fields.items() if name.startswith("msgstr")]
    return bool(values) and all(values)


def main(target: Path, sources: list[Path]) -> None:
    known: dict[tuple[str, str], dict[str, str]] = {}
    for source in sources:
        for block, fields in entries(source.read_text(encoding="utf-8")):
            if translated(fields) and "fuzzy" not in block.split("msgid")[0]:
                known.setdefault(key(fields), fields)
    text = target.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    filled = 0
    for index, block in enumerate(blocks):
        fields = {
            name: "".join(re.findall(r'"(.*)"', value))
            for name, value in FIELD.findall(block + "\n")
        }
        if not fields.get("msgid") or translated(fields) or key(fields) not in known:
            continue
        source = known[key(fields)]
        head = re.split(r"(?m)^msgstr", block)[0].rstrip("\n")
        strings = [
            f'{name} "{value}"' for name, value in source.items() if name.startswith("msgstr")
        ]
        blocks[index] = head + "\n" + "\n".join(strings)
        filled += 1
    target.write_text("\n\n".join(blocks), encoding="utf-8")
    print(f"{target}: {filled} entries filled")


if __name__ == "__main__":
    main(Path(sys.argv[1]), [Path(arg) for arg in sys.argv[2:]])
