"""Where the bundled data lives: installed as data packages, or in the source tree."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_TREE = Path(__file__).resolve().parent.parent.parent


def data_dir(package: str, probe: str, tree_name: str) -> Path:
    """The folder of data package ``package`` holding ``probe``, else ``<repo>/<tree_name>``.

    The packages are data-only namespace packages, so their location comes from the import
    spec: ``importlib.resources`` hands back a multiplexed, non-filesystem path for them
    (and fails outright under an editable install).
    """
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / probe).is_file():
            return Path(location)
    return _TREE / tree_name
