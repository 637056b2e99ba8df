"""A section's pages, as the admin site mounts them under /<app_label>/<model_name>/."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ConsoleRoute:
    """One page of an app: `path` is relative to /<app_label>/<model_name>/."""

    path: str
    view: type
    action: str  # changelist, add, change, delete, ... -> URL name <app>_<model>_<action>
