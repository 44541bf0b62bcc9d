"""Policy: which entities to find, and what to do with each.

A policy maps entity names to operators (see :mod:`piiguard.operators`) and is usually
written in YAML::

    # policy.yaml
    threshold: 0.5              # ignore findings scored below this (default 0)
    default: mask               # operator for entities not listed (default: mask)
    entities:
      PHONE_NUMBER: mask                          # Chinese-convention mask
      CN_RESIDENT_ID: {operator: mask, keep_first: 6, keep_last: 0}
      EMAIL_ADDRESS: {operator: replace, with: "<邮箱>"}
      CN_LICENSE_PLATE: keep
    detect: [PHONE_NUMBER, CN_RESIDENT_ID, EMAIL_ADDRESS]   # optional; default: all

Errors name the file and the key at fault, never a value from the data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from piiguard_recognizers import ENTITIES

from piiguard.operators import OPERATORS, OperatorSpec

_OPERATOR_PARAMS = {
    "mask": {"keep_first", "keep_last", "char"},
    "replace": {"with"},
    "redact": set(),
    "keep": set(),
}


class PolicyError(ValueError):
    """A policy that cannot be used; the message says where and how to fix it."""


def _spec(raw: Any, where: str) -> OperatorSpec:
    if isinstance(raw, str):
        name, params = raw, {}
    elif isinstance(raw, Mapping):
        params = dict(raw)
        name = params.pop("operator", None)
        if not isinstance(name, str):
            raise PolicyError(f"{where}: missing 'operator' (one of {', '.join(OPERATORS)})")
    else:
        raise PolicyError(f"{where}: expected an operator name or a mapping with 'operator'")
    if name not in _OPERATOR_PARAMS:
        raise PolicyError(
            f"{where}: unknown operator {name!r}; expected one of {', '.join(OPERATORS)}"
        )
    unknown = set(params) - _OPERATOR_PARAMS[name]
    if unknown:
        allowed = ", ".join(sorted(_OPERATOR_PARAMS[name])) or "none"
        raise PolicyError(
            f"{where}: unknown parameter(s) {', '.join(sorted(unknown))} for {name!r} "
            f"(allowed: {allowed})"
        )
    for key in ("keep_first", "keep_last"):
        value = params.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise PolicyError(f"{where}.{key}: must be a non-negative integer")
    if "char" in params and (not isinstance(params["char"], str) or len(params["char"]) != 1):
        raise PolicyError(f"{where}.char: must be a single character")
    if "with" in params and not isinstance(params["with"], str):
        raise PolicyError(f"{where}.with: must be a string")
    return OperatorSpec(name, params)


@dataclass(frozen=True)
class Policy:
    """Entity -> operator rules, a default operator, a score threshold, entities to detect."""

    rules: Mapping[str, OperatorSpec] = field(default_factory=dict)
    default: OperatorSpec = field(default_factory=lambda: OperatorSpec("mask"))
    threshold: float = 0.0
    detect: tuple[str, ...] = ENTITIES

    def operator_for(self, entity: str) -> OperatorSpec:
        """The operator applied to ``entity``."""
        return self.rules.get(entity, self.default)

    @classmethod
    def default_policy(cls) -> Policy:
        """Every entity masked in the Chinese convention."""
        return cls()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "policy") -> Policy:
        """Build a policy from parsed YAML/JSON; ``source`` names it in error messages."""
        if not isinstance(data, Mapping):
            raise PolicyError(f"{source}: the policy must be a mapping at the top level")
        known = {"threshold", "default", "entities", "detect", "version"}
        unknown = set(data) - known
        if unknown:
            raise PolicyError(
                f"{source}: unknown key(s) {', '.join(sorted(map(str, unknown)))} "
                f"(allowed: {', '.join(sorted(known))})"
            )
        threshold = data.get("threshold", 0.0)
        if (
            isinstance(threshold, bool)
            or not isinstance(threshold, int | float)
            or not 0 <= threshold <= 1
        ):
            raise PolicyError(f"{source}: threshold must be a number between 0 and 1")
        default = _spec(data.get("default", "mask"), f"{source}: default")
        entities = data.get("entities") or {}
        if not isinstance(entities, Mapping):
            raise PolicyError(f"{source}: 'entities' must map entity names to operators")
        rules = {}
        for entity, raw in entities.items():
            _check_entity(entity, f"{source}: entities")
            rules[entity] = _spec(raw, f"{source}: entities.{entity}")
        detect = data.get("detect", list(ENTITIES))
        if not isinstance(detect, list) or not all(isinstance(e, str) for e in detect):
            raise PolicyError(f"{source}: 'detect' must be a list of entity names")
        for entity in detect:
            _check_entity(entity, f"{source}: detect")
        return cls(rules, default, float(threshold), tuple(detect))

    @classmethod
    def from_yaml(cls, text: str, source: str = "policy") -> Policy:
        """Parse a YAML policy document."""
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise PolicyError(
                f"{source}:{where}: not valid YAML ({exc.__class__.__name__})"
            ) from None
        return cls.from_dict(data if data is not None else {}, source)

    @classmethod
    def from_file(cls, path: str | Path) -> Policy:
        """Load a policy from a YAML (or JSON, which is YAML) file."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise PolicyError(f"{path}: policy file not found") from None
        except UnicodeDecodeError:
            raise PolicyError(f"{path}: policy file is not UTF-8 text") from None
        except OSError as exc:
            raise PolicyError(f"{path}: cannot read policy file ({exc.strerror})") from None
        return cls.from_yaml(text, str(path))

    def to_dict(self) -> dict[str, Any]:
        """The policy as plain data (round-trips through :meth:`from_dict`)."""

        def spec(s: OperatorSpec) -> Any:
            return {"operator": s.name, **s.params} if s.params else s.name

        return {
            "threshold": self.threshold,
            "default": spec(self.default),
            "entities": {e: spec(s) for e, s in sorted(self.rules.items())},
            "detect": list(self.detect),
        }

    def fingerprint(self) -> str:
        """SHA-256 of the canonical policy, for audit records."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def with_detect(self, entities: Iterable[str]) -> Policy:
        """A copy that detects only ``entities``."""
        entities = tuple(entities)
        for entity in entities:
            _check_entity(entity, "detect")
        return Policy(self.rules, self.default, self.threshold, entities)


def _check_entity(entity: Any, where: str) -> None:
    if entity not in ENTITIES:
        raise PolicyError(
            f"{where}: unknown entity {entity!r}; known entities: {', '.join(ENTITIES)}"
        )
