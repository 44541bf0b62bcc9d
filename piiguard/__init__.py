"""piiguard: find and de-identify personal information in Chinese call-center data, offline.

Heavy submodules are imported lazily so that ``import piiguard`` stays fast and so that
``piiguard.fpe`` can be used without loading the detection stack.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from piiguard._version import __version__

_LAZY = {
    "Redactor": "piiguard.redactor",
    "RedactionResult": "piiguard.redactor",
    "RedactedItem": "piiguard.redactor",
    "Policy": "piiguard.policy",
    "PolicyError": "piiguard.policy",
    "analyzer_engine": "piiguard.engine",
    "Keyring": "piiguard.keys",
    "RestoreError": "piiguard.protect",
    "redact_dataframe": "piiguard.tables",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'piiguard' has no attribute {name!r}")
    return getattr(import_module(module), name)
