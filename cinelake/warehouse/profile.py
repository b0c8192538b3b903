"""The dbt profile, rendered for the Python side: one definition of the connection.

`cinelake sql`, the dashboard and the report open the warehouse exactly as dbt does, by
rendering the same profiles.yml with the same environment. dbt renders it with Jinja's
native types and an `env_var` that falls back to its default; this does the same with
Jinja alone, since importing dbt would cost the CLI seconds (a test holds the two equal).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from jinja2.nativetypes import NativeEnvironment

from cinelake.config import ConfigError

PROFILE = "cinelake"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def profiles_file(environ: Mapping[str, str]) -> Path:
    """Where dbt finds the profile: DBT_PROFILES_DIR, else the project's own."""
    return Path(environ.get("DBT_PROFILES_DIR") or PROJECT_ROOT) / "profiles.yml"


def render_target(environ: Mapping[str, str]) -> dict[str, Any]:
    """The selected output of the `cinelake` profile, rendered against `environ`."""
    path = profiles_file(environ)
    try:
        profile = yaml.safe_load(path.read_text(encoding="utf-8"))[PROFILE]
    except (OSError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: no `{PROFILE}` profile ({exc})") from None

    jinja = NativeEnvironment()

    def env_var(name: str, default: str | None = None) -> str:
        if name in environ:
            return environ[name]
        if default is None:
            raise ConfigError(f"{path}: the environment variable {name} is not set")
        return default

    def render(value: Any) -> Any:
        if isinstance(value, str):
            return jinja.from_string(value).render(env_var=env_var) if "{" in value else value
        if isinstance(value, dict):
            return {key: render(item) for key, item in value.items()}
        if isinstance(value, list):
            return [render(item) for item in value]
        return value

    target = render(profile.get("target", "default"))
    outputs = profile.get("outputs", {})
    if target not in outputs:
        raise ConfigError(f"{path}: profile `{PROFILE}` has no target {target!r}")
    return dict(render(outputs[target]))


def _quote(value: Any) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def secret_sql(name: str, secret: Mapping[str, Any]) -> str:
    """CREATE SECRET from a profile secret, written as dbt-duckdb writes it (its own
    `name` if it has one, else `name`)."""
    name = secret.get("name") or name
    params = []
    for key, value in secret.items():
        if value is None or key == "name":
            continue
        if key in ("type", "provider"):  # keywords, unquoted
            params.append(f"{key} {value}")
        else:
            params.append(f"{key} {_quote(value)}")
    return f"CREATE OR REPLACE SECRET {name} ({', '.join(params)})"


def attach_sql(attachment: Mapping[str, Any]) -> str:
    """ATTACH from a profile `attach` entry, written as dbt-duckdb writes it: TYPE, SECRET
    and READ_ONLY first, then every other option upper-cased, strings quoted."""
    sql = f"ATTACH IF NOT EXISTS {_quote(attachment['path'])}"
    if attachment.get("alias"):
        sql += f" AS {attachment['alias']}"
    options = dict(attachment.get("options") or {})
    parts = []
    for key in ("type", "secret"):
        value = attachment.get(key) or options.get(key)
        if value:
            parts.append(f"{key.upper()} {value}")
    if attachment.get("read_only") or options.get("read_only"):
        parts.append("READ_ONLY")
    for key, value in options.items():
        if key in ("type", "secret", "read_only") or value is None or value is False:
            continue
        if value is True:
            parts.append(key.upper())
        elif isinstance(value, str):
            parts.append(f"{key.upper()} {_quote(value)}")
        else:
            parts.append(f"{key.upper()} {value}")
    return f"{sql} ({', '.join(parts)})" if parts else sql
