"""Reading participant lists from the spreadsheets coordinators have: CSV (UTF-8 with or without
BOM, UTF-16, Windows-1250 or ISO-8859-2, recognised or named; `;`, `,` or tab) and XLSX (read
within the bounds of `sib.core.spreadsheets`), with Polish or English column headers.

Parsing never writes: `parse_participants` turns a file into rows and per-row errors (row number
as the spreadsheet shows it, column, reason in the active language); the service
`participants_import` decides whether to write.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext as _

from sib.accounts.choices import Gender, Sector, Voivodeship
from sib.core import spreadsheets

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000


def _key(text: Any) -> str:
    """Compare headers and values without case, spaces, punctuation or diacritics."""
    text = str(text or "").strip().lower().replace("ł", "l")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum())


# Every spelling of a column we accept, in Polish and English.
HEADERS: dict[str, tuple[str, ...]] = {
    "email": ("email", "e-mail", "adres e-mail", "e-mail address", "mail", "adres email"),
    "full_name": (
        "full name",
        "name",
        "imię i nazwisko",
        "nazwisko i imię",
        "uczestnik",
        "participant",
    ),
    "first_name": ("first name", "given name", "imię"),
    "last_name": ("last name", "surname", "family name", "nazwisko"),
    "language_track": ("language", "language track", "język", "ścieżka językowa", "jezyk kursu"),
    "group": ("group", "team", "grupa", "zespół"),
    "voivodeship": ("voivodeship", "region", "województwo"),
    "sector": ("sector", "sektor"),
    "gender": ("gender", "sex", "płeć"),
    "birth_year": ("year of birth", "birth year", "rok urodzenia"),
    "organisation": ("organisation", "organization", "organizacja", "instytucja", "employer"),
}
HEADER_INDEX = {
    _key(spelling): name for name, spellings in HEADERS.items() for spelling in spellings
}


def column_label(name: str) -> str:
    return {
        "email": _("E-mail"),
        "full_name": _("Full name"),
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "language_track": _("Language"),
        "group": _("Group"),
        "voivodeship": _("Voivodeship"),
        "sector": _("Sector"),
        "gender": _("Gender"),
        "birth_year": _("Year of birth"),
        "organisation": _("Organisation"),
        "": _("File"),
    }.get(name, name)


def _choice_index(
    choices: type[models.Choices], extra: dict[str, str] | None = None
) -> dict[str, str]:
    """Values accepted for a choice: its code, its labels in both languages, a few synonyms."""
    from django.utils import translation

    index: dict[str, str] = {}
    for value, label in choices.choices:
        index[_key(value)] = value
        for language in ("pl", "en"):
            with translation.override(language):
                text = str(label)
            index[_key(text)] = value
            if "(" in text:  # "Lesser Poland (małopolskie)" → both halves
                outer, inner = text.split("(", 1)
                index[_key(outer)] = value
                index[_key(inner.rstrip(")"))] = value
    index.update({_key(k): v for k, v in (extra or {}).items()})
    return index


GENDER_EXTRA = {
    "k": "woman",
    "f": "woman",
    "female": "woman",
    "m": "man",
    "male": "man",
    "kobieta": "woman",
    "mężczyzna": "man",
    "inna": "another",
    "other": "another",
}
LANGUAGE_INDEX = {
    _key(k): v
    for k, v in {
        "pl": "pl",
        "polski": "pl",
        "polish": "pl",
        "język polski": "pl",
        "en": "en",
        "angielski": "en",
        "english": "en",
        "język angielski": "en",
    }.items()
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    @property
    def column_label(self) -> str:
        return column_label(self.column)


@dataclass
class ParsedRow:
    row: int
    email: str
    full_name: str = ""
    language_track: str = ""
    group: str = ""
    profile: dict[str, Any] = field(default_factory=dict)


@dataclass
class Parsed:
    rows: list[ParsedRow]
    errors: list[RowError]


def read_table(data: bytes, encoding: str = "auto") -> list[list[Any]]:
    """The cells of the first sheet (XLSX) or of the CSV, in its encoding and delimiter.

    Raises ValueError with a message for the person when the file cannot be read at all: too
    large (also once unpacked), too many rows, or text whose encoding cannot be told.
    """
    if len(data) > MAX_BYTES:
        raise ValueError(_("The file is larger than 10 MB."))
    if data.startswith(b"PK\x03\x04"):
        # The header and one row beyond the limit: more is refused without being read.
        return spreadsheets.read_xlsx(data, max_rows=MAX_ROWS + 1)
    text = spreadsheets.decode_text(data, encoding)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ValueError(_("The CSV file is malformed: %(reason)s") % {"reason": error}) from error


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_participants(data: bytes, encoding: str = "auto") -> Parsed:
    """Rows and every problem found; nothing is looked up in the database here."""
    try:
        table = read_table(data, encoding)
    except ValueError as error:
        return Parsed([], [RowError(1, "", str(error))])
    while table and not any(_text(cell) for cell in table[-1]):
        table.pop()
    if not table:
        return Parsed([], [RowError(1, "", _("The file is empty."))])
    header = [_text(cell) for cell in table[0]]
    columns: dict[str, int] = {}
    errors: list[RowError] = []
    for index, title in enumerate(header):
        name = HEADER_INDEX.get(_key(title))
        if name is None:
            continue
        if name in columns:
            errors.append(
                RowError(1, name, _("The column “%(title)s” appears twice.") % {"title": title})
            )
        columns[name] = index
    if "email" not in columns:
        errors.append(
            RowError(1, "email", _("There is no e-mail column (“E-mail” or “Adres e-mail”)."))
        )
    if "full_name" not in columns and not {"first_name", "last_name"} <= set(columns):
        errors.append(
            RowError(
                1,
                "full_name",
                _(
                    "There is no name column (“Imię i nazwisko”, “Full name”, or first and last name)."
                ),
            )
        )
    if errors:
        return Parsed([], errors)
    if len(table) - 1 > MAX_ROWS:
        return Parsed([], [RowError(1, "", _("A file may hold at most 20,000 rows."))])

    genders = _choice_index(Gender, GENDER_EXTRA)
    sectors = _choice_index(Sector)
    voivodeships = _choice_index(Voivodeship)
    seen: dict[str, int] = {}
    rows: list[ParsedRow] = []
    this_year = dt.date.today().year  # noqa: DTZ011 - a plausibility bound only

    for number, raw in enumerate(table[1:], start=2):

        def cell(name: str, raw: list[Any] = raw) -> str:
            index = columns.get(name)
            return _text(raw[index]) if index is not None and index < len(raw) else ""

        if not any(_text(value) for value in raw):
            continue
        row = ParsedRow(row=number, email=cell("email").lower())
        row_errors: list[RowError] = []
        if not row.email:
            row_errors.append(RowError(number, "email", _("The e-mail address is missing.")))
        else:
            try:
                validate_email(row.email)
            except ValidationError:
                row_errors.append(
                    RowError(
                        number,
                        "email",
                        _("“%(value)s” is not a valid e-mail address.") % {"value": row.email},
                    )
                )
            else:
                if row.email in seen:
                    row_errors.append(
                        RowError(
                            number,
                            "email",
                            _("The same e-mail address is in row %(row)d.")
                            % {"row": seen[row.email]},
                        )
                    )
                else:
                    seen[row.email] = number
        row.full_name = cell("full_name") or " ".join(
            part for part in (cell("first_name"), cell("last_name")) if part
        )
        if len(row.full_name) > 200:
            row_errors.append(
                RowError(number, "full_name", _("The name is longer than 200 characters."))
            )
        for name, value in (("full_name", row.full_name), ("organisation", cell("organisation"))):
            odd = spreadsheets.suspicious_characters(value)
            if odd:
                row_errors.append(
                    RowError(
                        number,
                        name,
                        _(
                            "“%(value)s” holds characters (%(chars)s) that suggest the file was "
                            "read in the wrong encoding: choose the file's encoding."
                        )
                        % {"value": value, "chars": odd},
                    )
                )
        language = cell("language_track")
        if language:
            row.language_track = LANGUAGE_INDEX.get(_key(language), "")
            if not row.language_track:
                row_errors.append(
                    RowError(
                        number,
                        "language_track",
                        _("Write “pl” or “en”, not “%(value)s”.") % {"value": language},
                    )
                )
        row.group = cell("group")
        for name, codes in (
            ("gender", genders),
            ("sector", sectors),
            ("voivodeship", voivodeships),
        ):
            value = cell(name)
            if value:
                code = codes.get(_key(value))
                if code is None:
                    row_errors.append(
                        RowError(
                            number,
                            name,
                            _("“%(value)s” is not one of the accepted values.") % {"value": value},
                        )
                    )
                else:
                    row.profile[name] = code
        year = cell("birth_year")
        if year:
            if year.isdigit() and 1900 <= int(year) <= this_year:
                row.profile["birth_year"] = int(year)
            else:
                row_errors.append(
                    RowError(
                        number,
                        "birth_year",
                        _("“%(value)s” is not a year of birth.") % {"value": year},
                    )
                )
        organisation = cell("organisation")
        if organisation:
            row.profile["organisation"] = organisation[:200]
        errors.extend(row_errors)
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(2, "", _("The file has a header but no participants.")))
    return Parsed(rows, errors)
