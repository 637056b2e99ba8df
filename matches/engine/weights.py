"""The weights of a match score's components: MATCH_WEIGHTS in settings.

`name=weight` pairs separated by commas (the environment variable) or a mapping (a
settings file), one per component of matches.engine.scoring.COMPONENTS, each between 0
and 1, adding up to exactly 1 — so a score stays 0-100 and each weight reads as the share
of the score its component decides. `manage.py check` reports a bad value (console.E004),
and the engine refuses to run with one rather than score with weights nobody chose.
"""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The components, in the order pages and --json list them.
COMPONENTS = (
    "category",
    "location",
    "audience",
    "engagement",
    "platform",
    "freshness",
    "reliability",
)

DEFAULT_WEIGHTS = (
    "category=0.25,location=0.20,audience=0.15,engagement=0.15,"
    "platform=0.10,freshness=0.05,reliability=0.10"
)


def parse_weights(value: str | Mapping) -> tuple[dict[str, Decimal], list[str]]:
    """(weights, problems): the weights read from `value` and what is wrong with them."""
    problems: list[str] = []
    if isinstance(value, Mapping):
        pairs = [(str(name), str(weight)) for name, weight in value.items()]
    else:
        pairs = []
        for part in str(value or "").split(","):
            if not part.strip():
                continue
            name, equals, weight = part.partition("=")
            if not equals:
                problems.append(f"“{part.strip()}” is not name=weight")
                continue
            pairs.append((name.strip(), weight.strip()))
    weights: dict[str, Decimal] = {}
    for name, text in pairs:
        if name not in COMPONENTS:
            problems.append(f"unknown component “{name}” (known: {', '.join(COMPONENTS)})")
            continue
        if name in weights:
            problems.append(f"“{name}” is given twice")
            continue
        try:
            weight = Decimal(text)
        except InvalidOperation:
            problems.append(f"the weight of “{name}” is not a number: “{text}”")
            continue
        if not weight.is_finite() or not 0 <= weight <= 1:
            problems.append(f"the weight of “{name}” must be between 0 and 1, not {text}")
            continue
        weights[name] = weight
    missing = [name for name in COMPONENTS if name not in weights]
    if missing:
        problems.append(f"no weight for {', '.join(missing)}")
    elif not problems and sum(weights.values()) != 1:
        problems.append(f"the weights add up to {sum(weights.values())}, not 1")
    ordered = {name: weights[name] for name in COMPONENTS if name in weights}
    return ordered, problems


def match_weights() -> dict[str, Decimal]:
    """The configured weights, in COMPONENTS order; ImproperlyConfigured when they are bad."""
    weights, problems = parse_weights(getattr(settings, "MATCH_WEIGHTS", DEFAULT_WEIGHTS))
    if problems:
        raise ImproperlyConfigured("MATCH_WEIGHTS: " + "; ".join(problems))
    return weights


def weight_problems() -> list[str]:
    return parse_weights(getattr(settings, "MATCH_WEIGHTS", DEFAULT_WEIGHTS))[1]
