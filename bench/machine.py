"""Describe the machine a benchmark ran on, for the result files."""

from __future__ import annotations

import os
import platform
import subprocess


def describe() -> str:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")),
                "",
            )
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as info:
            kib = int(next(line.split()[1] for line in info if line.startswith("MemTotal")))
            memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    try:
        postgres = subprocess.run(
            ["psql", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        postgres = "psql not found"
    return (
        f"- CPU: {cpu or platform.processor()} × {os.cpu_count()} cores\n"
        f"- memory: {memory}\n"
        f"- Python {platform.python_version()} on {platform.platform()}\n"
        f"- {postgres}\n"
    )
