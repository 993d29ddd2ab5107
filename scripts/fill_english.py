"""Fill empty msgstr entries of English catalogues with their msgid (source strings are English).

Plural entries get the singular and plural msgids. Entries someone already wrote are kept.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ENTRY = re.compile(r"(?ms)^(msgid .*?)(?=^\s*$|\Z)")


def fill(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    changed = 0
    for index, block in enumerate(blocks):
        if 'msgid ""\nmsgstr ""\n"Project-Id' in block or "msgid " not in block:
            continue
        lines = block.split("\n")
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if fuzzy:
            lines = [line for line in lines if not (line.startswith("#,") and "fuzzy" in line)]
            # a fuzzy guess from msgmerge is dropped: the msgid is the English text
            block = "\n".join(lines)
        msgid = _field(block, "msgid")
        plural = _field(block, "msgid_plural")
        if plural is None:
            if _field(block, "msgstr") in ("", None) or fuzzy:
                block = _replace(block, "msgstr", msgid)
                changed += 1
        else:
            for n, value in ((0, msgid), (1, plural)):
                if _field(block, f"msgstr[{n}]") in ("", None) or fuzzy:
                    block = _replace(block, f"msgstr[{n}]", value)
                    changed += 1
        blocks[index] = block
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    return changed


def _field(block: str, name: str) -> str | None:
    match = re.search(rf'(?m)^{re.escape(name)} ((?:".*"\n?)+)', block + "\n")
    if not match:
        return None
    return "".join(re.findall(r'"(.*)"', match.group(1)))


def _replace(block: str, name: str, value: str) -> str:
    pattern = re.compile(rf'(?m)^{re.escape(name)} (?:".*"\n?)+')
    return pattern.sub(lambda _m: f'{name} "{value}"\n', block + "\n").rstrip("\n")


if __name__ == "__main__":
    total = sum(fill(Path(arg)) for arg in sys.argv[1:])
    print(f"English catalogues: {total} entries filled from their msgid")
