from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_page_copies() -> None:
    """Each test starts without the public pages kept by an earlier one in this process."""
    from sib.events import pagecache

    pagecache.clear()
