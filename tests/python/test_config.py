"""Settings: environment over `.env`, local defaults, AWS by configuration alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cinelake.config import DEV_ACCESS_KEY, ConfigError, apply_dotenv, load_settings, read_dotenv
from cinelake.warehouse.profile import profiles_file, render_target, secret_sql

PROFILES = profiles_file({})


def test_dotenv_is_parsed(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# comment\nexport CINELAKE_BUCKET=from-file\nCINELAKE_SECRET_KEY='quoted value'\n"
        "\nnot a setting\nCINELAKE_S3_PORT = 9100\n"
    )
    assert read_dotenv(env_file) == {
        "CINELAKE_BUCKET": "from-file",
        "CINELAKE_SECRET_KEY": "quoted value",
        "CINELAKE_S3_PORT": "9100",
    }


def test_environment_wins_over_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("CINELAKE_BUCKET=from-file\nCINELAKE_S3_PORT=9100\n")
    monkeypatch.setenv("CINELAKE_BUCKET", "from-env")
    monkeypatch.delenv("CINELAKE_S3_PORT", raising=False)
    apply_dotenv(env_file)
    assert os.environ["CINELAKE_BUCKET"] == "from-env"
    assert os.environ["CINELAKE_S3_PORT"] == "9100"


def test_local_defaults() -> None:
    settings = load_settings({})
    assert settings.is_local
    assert settings.endpoint == "http://127.0.0.1:8333"
    assert settings.access_key == DEV_ACCESS_KEY
    assert settings.secret_key
    assert settings.secret_key not in repr(settings)  # never printed by accident


def test_aws_uses_the_standard_chain_and_needs_a_bucket() -> None:
    with pytest.raises(ConfigError, match="CINELAKE_BUCKET"):
        load_settings({"CINELAKE_LAKE": "aws"})
    settings = load_settings(
        {"CINELAKE_LAKE": "aws", "CINELAKE_BUCKET": "b", "AWS_REGION": "eu-west-1"}
    )
    assert (settings.endpoint, settings.access_key, settings.secret_key) == (None, None, None)
    assert settings.region == "eu-west-1"
    other = load_settings(
        {"CINELAKE_LAKE": "aws", "CINELAKE_BUCKET": "b", "AWS_ENDPOINT_URL": "https://s3.example"}
    )
    assert other.endpoint == "https://s3.example"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CINELAKE_LAKE": "gcs"}, "must be 'local' or 'aws'"),
        ({"CINELAKE_S3_PORT": "http"}, "not a port number"),
        ({"CINELAKE_S3_PORT": "60000"}, "between 1024 and 55000"),
    ],
)
def test_bad_settings_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(env)


PROFILE_CASES = {
    "local": {"CINELAKE_LAKE": "local", "CINELAKE_S3_PORT": "9100"},
    "aws": {"CINELAKE_LAKE": "aws", "AWS_REGION": "eu-west-1"},
    "aws-http-store": {"CINELAKE_LAKE": "aws", "AWS_ENDPOINT_URL": "http://127.0.0.1:9000/"},
    "aws-https-store": {
        "CINELAKE_LAKE": "aws",
        "AWS_ENDPOINT_URL": "http://ignored:1",
        "AWS_ENDPOINT_URL_S3": "https://minio.example.internal:9443",
    },
}


def dbt_rendering(environ: dict[str, str]) -> tuple[dict[str, object], list[str]]:
    """The profile target as dbt itself renders it, and the secret SQL dbt-duckdb runs."""
    from argparse import Namespace

    from dbt.adapters.factory import load_plugin
    from dbt.config.profile import Profile, read_profile
    from dbt.config.renderer import ProfileRenderer
    from dbt.flags import set_from_args
    from dbt_common.context import set_invocation_context

    set_from_args(Namespace(), None)
    load_plugin("duckdb")
    set_invocation_context(environ)
    raw = read_profile(str(PROFILES.parent))["cinelake"]
    _, target = Profile.render_profile(raw, "cinelake", None, ProfileRenderer({}))
    credentials = Profile.from_raw_profiles(
        {"cinelake": raw}, "cinelake", ProfileRenderer({})
    ).credentials
    return target, credentials.secrets_sql()


def secret_params(sql: str) -> set[str]:
    """The parameters of a CREATE SECRET, whatever its name and layout."""
    inside = sql[sql.index("(") + 1 : sql.rindex(")")]
    return {" ".join(part.split()) for part in inside.split(",")}


@pytest.mark.parametrize("case", PROFILE_CASES)
def test_python_renders_the_profile_as_dbt_does(case: str) -> None:
    environ = {"PATH": os.environ["PATH"], **PROFILE_CASES[case]}
    ours = render_target(environ)
    target, secrets_sql = dbt_rendering(environ)
    assert ours == target
    assert [secret_params(secret_sql("x", s)) for s in ours["secrets"]] == [
        secret_params(sql) for sql in secrets_sql
    ]


def test_aws_target_honours_an_s3_compatible_endpoint() -> None:
    plain = render_target({"CINELAKE_LAKE": "aws", "AWS_REGION": "eu-west-1"})["secrets"][0]
    assert (plain["endpoint"], plain["url_style"], plain["use_ssl"]) == (
        "s3.eu-west-1.amazonaws.com",
        "vhost",
        True,
    )
    store = render_target(PROFILE_CASES["aws-http-store"])["secrets"][0]
    assert (store["endpoint"], store["url_style"], store["use_ssl"]) == (
        "127.0.0.1:9000",
        "path",
        False,
    )
    s3_only = render_target(PROFILE_CASES["aws-https-store"])["secrets"][0]
    assert (s3_only["endpoint"], s3_only["use_ssl"]) == ("minio.example.internal:9443", True)
