"""The ``ergraph`` command line (typer + rich): a package of command modules.

* :mod:`.documents` - ``ingest``, ``extract``;
* :mod:`.query` - ``path``, ``neighbors``, ``stats``;
* :mod:`.investigate` - ``disputes``, ``timeline``, ``documents``, ``show``;
* :mod:`.pages` - ``viz``, ``demo``;
* :mod:`.exchange` - ``export``, ``import`` (over the library :mod:`ergraph.exchange`);
* ``serve`` from :mod:`ergraph.api.commands`, ``migrate`` from :mod:`ergraph.graph.commands`;
* :mod:`.common` - the consoles, options and helpers they share.

The CLI is the top layer: it imports the areas, nothing imports it back (the areas' own
command modules are handed :mod:`.common` by :func:`build`).

Configuration enters here: ``--store`` / ``ERGRAPH_STORE`` pick the store,
``--schema`` / ``ERGRAPH_SCHEMA`` the schema file, ``--aliases`` / ``ERGRAPH_ALIASES`` a
user alias / watch-list file. Exit status: 0 success, 1 failure, 2 usage error,
3 partial failure (some files reported and skipped, the rest ingested).
"""

from __future__ import annotations

import sys

import typer

from . import common

__all__ = ["app", "build", "main"]


def build() -> typer.Typer:
    """The ``ergraph`` app with every command, in the order ``--help`` lists them."""
    from ..api import commands as api_commands
    from ..graph import commands as graph_commands
    from . import documents, exchange, investigate, pages, query

    cli = typer.Typer(
        name="ergraph",
        help="Entity-relationship graphs from news documents: extract, store, query, draw.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    documents.register(cli)
    query.register(cli)
    investigate.register(cli)
    pages.register(cli)
    api_commands.register(cli)
    graph_commands.register(cli, common)
    exchange.register(cli)
    return cli


app = build()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        common.err.print("interrupted")
        sys.exit(130)

