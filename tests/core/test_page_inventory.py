"""The page inventory (`tests/pages.py`) names every URL of the site: a new view cannot be forgotten."""

from __future__ import annotations

from tests.pages import ENTRIES, EXCLUDED, ROLES, Entry, is_excluded, url_names


def test_every_url_pattern_has_an_inventory_entry_or_an_exclusion_with_a_reason() -> None:
    listed = {entry.name for entry in ENTRIES}
    missing = sorted(
        name for name, _pattern in url_names() if name not in listed and not is_excluded(name)
    )
    assert not missing, (
        "URL patterns missing from tests/pages.py (add an Entry with the status each role gets, "
        f"or an exclusion with the reason): {missing}"
    )


def test_the_inventory_names_only_existing_urls_and_each_once() -> None:
    names = {name for name, _pattern in url_names()}
    listed = [entry.name for entry in ENTRIES]
    assert len(listed) == len(set(listed))
    assert not [name for name in listed if name not in names]
    assert not [name for name in EXCLUDED if not name.endswith(":") and name and name not in names]
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_an_entry_gives_each_role_a_status() -> None:
    entry = Entry("example", ok=frozenset({"coordinator"}), others=404, statuses={"mentor": 403})
    assert [entry.status_for(role) for role in ROLES] == [302, 404, 404, 403, 404, 200]
