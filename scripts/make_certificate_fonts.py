"""Build the certificate's fonts: DejaVu Sans and DejaVu Sans Bold cut down to the letters a
certificate needs (Latin with Polish and other European diacritics, Cyrillic, punctuation).

Why: WeasyPrint subsets every embedded font on every PDF; the full DejaVu files (6,000 glyphs,
large kerning tables) made that most of a certificate's CPU time. Layout tables are dropped
(no kerning), hinting too (PDFs are not hinted). Run again only to change the character set:

    .venv/bin/python scripts/make_certificate_fonts.py [/usr/share/fonts/truetype/dejavu]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "sib" / "credentials" / "static" / "credentials" / "fonts"
UNICODES = ",".join(
    (
        "U+0020-007E",  # Basic Latin
        "U+00A0-017F",  # Latin-1 Supplement, Latin Extended-A (ą ć ę ł ń ó ś ź ż …)
        "U+0218-021B",  # Romanian comma-below letters
        "U+02C6-02DD",  # spacing accents
        "U+0400-045F,U+0490-0491",  # Cyrillic (Ukrainian included)
        "U+2010-2027,U+2030,U+2039-203A",  # dashes, quotes, bullets, ellipsis
        "U+20AC,U+2116,U+2122,U+2212",  # € № ™ minus
    )
)
FACES = {
    "DejaVuSans.ttf": "SIBCertificateSans.ttf",
    "DejaVuSans-Bold.ttf": "SIBCertificateSans-Bold.ttf",
}


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
    pyftsubset = str(Path(sys.executable).with_name("pyftsubset"))
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, output in FACES.items():
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                pyftsubset,
                str(source / name),
                f"--unicodes={UNICODES}",
                "--drop-tables+=GSUB,GPOS,kern,FFTM",
                "--no-hinting",
                "--name-IDs=*",
                f"--output-file={TARGET / output}",
            ],
            check=True,
        )
    copyright_file = Path("/usr/share/doc/fonts-dejavu-core/copyright")
    if copyright_file.exists():
        shutil.copyfile(copyright_file, TARGET / "LICENSE-DejaVu.txt")


if __name__ == "__main__":
    main()
