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
      CN_BANK_CARD: fpe                           # format-preserving encryption (keyring)
      CN_PASSPORT: {operator: pseudonym, length: 12}   # <CN_PASSPORT_5f2a9c1b03de>
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
from piiguard.protect import (
    FORMAT_PARAMS,
    INT_RANGES,
    KEYED_OPERATORS,
    PROTECT_OPERATORS,
    REVERSIBLE_OPERATORS,
)

#: Every operator a policy may name: the masks, then the keyed/reversible ones.
ALL_OPERATORS: tuple[str, ...] = (*OPERATORS, *PROTECT_OPERATORS)

_OPERATOR_PARAMS = {
    "mask": {"keep_first", "keep_last", "char"},
    "replace": {"with"},
    "redact": set(),
    "keep": set(),
    "fpe": {"tweak", "key_version"},
    "pseudonym": {"length", "tag", "key_version"},
    "surrogate": set(),
}
#: Operators that take the entity-specific format parameters (keep_region, keep_surname …).
_FORMAT_OPERATORS = ("fpe", "surrogate")
_MAX_TEXT_PARAM = 200


class PolicyError(ValueError):
    """A policy that cannot be used; the message says where and how to fix it."""


def _allowed_params(name: str, entity: str | None) -> dict[str, type | None]:
    """Parameters of operator ``name`` for ``entity`` (None: the policy's default)."""
    allowed: dict[str, type | None] = dict.fromkeys(_OPERATOR_PARAMS[name])
    if name in _FORMAT_OPERATORS and entity is not None:
        allowed.update(FORMAT_PARAMS.get(entity, {}))
    return allowed


def _spec(raw: Any, where: str, entity: str | None = None) -> OperatorSpec:
    if isinstance(raw, str):
        name, params = raw, {}
    elif isinstance(raw, Mapping):
        params = dict(raw)
        name = params.pop("operator", None)
        if not isinstance(name, str):
            raise PolicyError(f"{where}: missing 'operator' (one of {', '.join(ALL_OPERATORS)})")
    else:
        raise PolicyError(f"{where}: expected an operator name or a mapping with 'operator'")
    if name not in _OPERATOR_PARAMS:
        raise PolicyError(
            f"{where}: unknown operator {name!r}; expected one of {', '.join(ALL_OPERATORS)}"
        )
    allowed = _allowed_params(name, entity)
    unknown = set(params) - set(allowed)
    if unknown:
        listed = ", ".join(sorted(allowed)) or "none"
        hint = ""
        if name in _FORMAT_OPERATORS and entity is None:
            hint = "; entity-specific parameters go under entities.<ENTITY>"
        raise PolicyError(
            f"{where}: unknown parameter(s) {', '.join(sorted(map(str, unknown)))} for "
            f"{name!r} (allowed: {listed}){hint}"
        )
    if name == "mask":
        for key in ("keep_first", "keep_last"):
            value = params.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise PolicyError(f"{where}.{key}: must be a non-negative integer")
    if "char" in params and (not isinstance(params["char"], str) or len(params["char"]) != 1):
        raise PolicyError(f"{where}.char: must be a single character")
    if "with" in params and not isinstance(params["with"], str):
        raise PolicyError(f"{where}.with: must be a string")
    if name != "mask":
        _check_protect_params(params, allowed, where)
    return OperatorSpec(name, params)


def _check_protect_params(params: dict[str, Any], allowed: Mapping[str, Any], where: str) -> None:
    for key, value in params.items():
        kind = allowed.get(key)
        if kind is bool or key in ("keep_region", "keep_birth_year", "keep_surname"):
            if not isinstance(value, bool):
                raise PolicyError(f"{where}.{key}: must be true or false")
        elif key in INT_RANGES:
            low, high = INT_RANGES[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise PolicyError(f"{where}.{key}: must be an integer from {low} to {high}")
        elif key in ("tweak", "tag"):
            if not isinstance(value, str) or not value or len(value) > _MAX_TEXT_PARAM:
                raise PolicyError(
                    f"{where}.{key}: must be a non-empty string of at most "
                    f"{_MAX_TEXT_PARAM} characters"
                )
            if key == "tag" and (any(c in value for c in "<>") or len(value.split()) != 1):
                raise PolicyError(f"{where}.{key}: may not contain <, > or spaces")


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
        default = _spec(data.get("default", "mask"), f"{source}: default", None)
        entities = data.get("entities") or {}
        if not isinstance(entities, Mapping):
            raise PolicyError(f"{source}: 'entities' must map entity names to operators")
        rules = {}
        for entity, raw in entities.items():
            _check_entity(entity, f"{source}: entities")
            rules[entity] = _spec(raw, f"{source}: entities.{entity}", entity)
        detect = data.get("detect", list(ENTITIES))
        if not isinstance(detect, list) or not all(isinstance(e, str) for e in detect):
            raise PolicyError(f"{source}: 'detect' must be a list of entity names")
        if not detect:
            raise PolicyError(
                f"{source}: 'detect' is empty, so nothing would be redacted; list the entities "
                "to find, or remove the key to find them all"
            )
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

    def keyed_entities(self) -> dict[str, str]:
        """Detected entities whose operator needs a keyring: entity -> operator."""
        found = {}
        for entity in self.detect:
            name = self.operator_for(entity).name
            if name in KEYED_OPERATORS:
                found[entity] = name
        return found

    @property
    def needs_keyring(self) -> bool:
        """True when an operator of this policy (fpe, pseudonym) needs a keyring."""
        return bool(self.keyed_entities())

    @property
    def reversible(self) -> bool:
        """True when some detected entity is protected reversibly (fpe)."""
        return any(self.operator_for(e).name in REVERSIBLE_OPERATORS for e in self.detect)

    @property
    def protects(self) -> bool:
        """True when some detected entity uses fpe, pseudonym or surrogate."""
        return any(self.operator_for(e).name in PROTECT_OPERATORS for e in self.detect)

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
