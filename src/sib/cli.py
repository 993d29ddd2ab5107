"""The `sib` command: Django's management commands with the platform's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sib.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    # `sib api-token` reads better than `sib api_token`: dashes map to the command's underscores.
    if len(args) > 1 and "-" in args[1] and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    args[0] = "sib"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
