"""The user's own defaults: a TOML file in their config folder.

`~/.config/marginalia/config.toml` on Linux (platformdirs' user config
folder; `$MARGINALIA_CONFIG` names another file)::

    annotator = "alice"                      # name stored with every label
    db = "~/labels/team.json"                # the annotation file
    labels = "~/labels/stance.toml"          # a label scheme, or:
    project = "~/corpus/marginalia.toml"     # a project file

What the command line gives wins, then `$MARGINALIA_DB` for the file, then
this file, then the built-in defaults. A mistake in it is one line naming
the file and the problem.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "MARGINALIA_CONFIG"
KEYS = ("annotator", "db", "labels", "project")


class ConfigError(ValueError):
    """The user's config file cannot be used; the message names it and the problem."""


@dataclass(frozen=True, slots=True)
class UserConfig:
    """The defaults the user set (None: not set)."""

    annotator: str | None = None
    db: Path | None = None
    labels: Path | None = None
    project: Path | None = None


def config_path() -> Path:
    """Where the user's config file is (it need not exist)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("marginalia")) / "config.toml"


def load_user_config(path: Path | None = None) -> UserConfig:
    """The user's defaults; none when there is no file. Raises `ConfigError`."""
    path = config_path() if path is None else path
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return UserConfig()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown setting {unknown[0]!r} (known: {', '.join(KEYS)})")
    for key, value in data.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: {key} must be a non-empty string")
    if "labels" in data and "project" in data:
        raise ConfigError(f"{path}: labels and project: give one (a project holds labels too)")

    def file(key: str) -> Path | None:
        return Path(data[key]).expanduser() if key in data else None

    annotator = data.get("annotator")
    return UserConfig(
        annotator.strip() if annotator else None, file("db"), file("labels"), file("project")
    )
