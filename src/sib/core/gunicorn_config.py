"""gunicorn's own settings for `sib serve` (`-c python:sib.core.gunicorn_config`).

gunicorn's messages (start, workers booting, timeouts) go out in the platform's log format, so a
log collector reads one kind of line. Requests are logged by `sib.core.logs.RequestIdMiddleware`
with their request id, so gunicorn's access log stays off.
"""

from __future__ import annotations

import os

_FORMAT = os.environ.get("SIB_LOG_FORMAT", "text")

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "sib.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "sib.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": _FORMAT if _FORMAT in {"json", "text"} else "text",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "INFO", "propagate": False},
    },
}
