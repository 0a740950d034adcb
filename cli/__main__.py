"""``python -m ergraph.cli``: the same as the ``ergraph`` command."""

from . import main

main()
