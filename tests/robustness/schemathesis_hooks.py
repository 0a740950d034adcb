"""schemathesis hooks for the long fuzzing run (loaded through ``SCHEMATHESIS_HOOKS``).

One rule of the API that JSON Schema cannot state: ``since`` must not be after
``until`` (two values compared; the service answers 422 ``invalid_query``). Generated
queries breaking it are dropped, so ``positive_data_acceptance`` judges only requests
the spec calls valid *and* the service can serve. Everything else the service refuses
is declared in the OpenAPI document itself (enums, patterns, the ``k``/``all``
constraint of ``/paths``)."""

from __future__ import annotations

from typing import Any

import schemathesis


@schemathesis.hook
def filter_query(context: Any, query: dict[str, Any] | None) -> bool:
    if not query:
        return True
    since, until = query.get("since"), query.get("until")
    return not (isinstance(since, str) and isinstance(until, str) and since > until)
