"""The benchmark scales of ARCHITECTURE.md; seeders and benchmarks read their sizes here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    editions: int
    participants_per_edition: int
    sessions: int
    attendance_rows: int
    projects: int
    challenges: int
    brokers: int
    events: int
    registrations_per_event: int
    survey_answers: int


SCALES = {
    "S": Scale("S", 1, 72, 110, 2_300, 10, 12, 28, 2, 150, 200),
    "M": Scale("M", 10, 100, 400, 40_000, 300, 1_000, 500, 20, 300, 10_000),
    "L": Scale("L", 100, 100, 4_000, 400_000, 3_000, 10_000, 5_000, 200, 300, 100_000),
}
