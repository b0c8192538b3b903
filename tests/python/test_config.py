"""Settings: environment over `.env`, local defaults, AWS by configuration alone."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from cinelake.config import DEV_ACCESS_KEY, ConfigError, apply_dotenv, load_settings, read_dotenv
from cinelake.config.variables import BY_NAME, VARIABLES, env_example
from cinelake.warehouse.profile import attach_sql, profiles_file, render_target, secret_sql

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
    "local-no-catalog": {"CINELAKE_CATALOG": "none"},
    "local-own-warehouse": {"CINELAKE_S3_PORT": "9100", "CINELAKE_CATALOG_WAREHOUSE": "wh"},
    "aws-rest": {
        "CINELAKE_LAKE": "aws",
        "AWS_REGION": "eu-west-1",
        "CINELAKE_CATALOG": "rest",
        "CINELAKE_CATALOG_URL": "https://catalog.example.com/api/catalog/",
        "CINELAKE_CATALOG_WAREHOUSE": "prod",
        "CINELAKE_CATALOG_CLIENT_ID": "reader",
        "CINELAKE_CATALOG_CLIENT_SECRET": "s3cr3t'quote",
    },
    "aws-rest-no-auth": {
        "CINELAKE_LAKE": "aws",
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9000",
        "CINELAKE_CATALOG": "rest",
        "CINELAKE_CATALOG_URL": "http://127.0.0.1:8181",
        "CINELAKE_CATALOG_WAREHOUSE": "dev",
    },
    "aws-s3-tables": {
        "CINELAKE_LAKE": "aws",
        "AWS_REGION": "eu-west-1",
        "CINELAKE_CATALOG": "s3_tables",
        "CINELAKE_CATALOG_WAREHOUSE": "arn:aws:s3tables:eu-west-1:111122223333:bucket/cinelake",
    },
    "aws-glue": {
        "CINELAKE_LAKE": "aws",
        "AWS_REGION": "eu-west-1",
        "CINELAKE_CATALOG": "glue",
        "CINELAKE_CATALOG_WAREHOUSE": "111122223333",
    },
}


def dbt_rendering(environ: dict[str, str]) -> tuple[dict[str, object], list[str], list[str]]:
    """The profile target as dbt itself renders it, and the secret and ATTACH SQL
    dbt-duckdb runs."""
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
    return target, credentials.secrets_sql(), [a.to_sql() for a in credentials.attach or []]


def secret_params(sql: str) -> set[str]:
    """The parameters of a CREATE SECRET, whatever its name and layout."""
    inside = sql[sql.index("(") + 1 : sql.rindex(")")]
    return {" ".join(part.split()) for part in inside.split(",")}


@pytest.mark.parametrize("case", PROFILE_CASES)
def test_python_renders_the_profile_as_dbt_does(case: str) -> None:
    environ = {"PATH": os.environ["PATH"], **PROFILE_CASES[case]}
    ours = render_target(environ)
    target, secrets_sql, attach_sqls = dbt_rendering(environ)
    assert ours == target
    assert [secret_params(secret_sql("x", s)) for s in ours["secrets"]] == [
        secret_params(sql) for sql in secrets_sql
    ]
    # a named secret (the catalog's, which ATTACH names) keeps its name on both sides
    for secret, sql in zip(ours["secrets"], secrets_sql, strict=True):
        if secret.get("name"):
            assert secret_sql("x", secret).startswith(
                f"CREATE OR REPLACE SECRET {secret['name']} ("
            )
            assert sql.startswith(f"CREATE OR REPLACE SECRET {secret['name']} (")
    assert [attach_sql(a) for a in ours.get("attach") or []] == attach_sqls


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


CATALOG_ATTACH = {
    "local": "ATTACH IF NOT EXISTS 'cinelake-warehouse' AS lake"
    " (TYPE iceberg, SECRET lake_catalog, ENDPOINT 'http://127.0.0.1:9105')",
    "local-own-warehouse": "ATTACH IF NOT EXISTS 'wh' AS lake"
    " (TYPE iceberg, SECRET lake_catalog, ENDPOINT 'http://127.0.0.1:9105')",
    "aws-rest": "ATTACH IF NOT EXISTS 'prod' AS lake (TYPE iceberg, SECRET lake_catalog,"
    " ENDPOINT 'https://catalog.example.com/api/catalog')",
    "aws-rest-no-auth": "ATTACH IF NOT EXISTS 'dev' AS lake"
    " (TYPE iceberg, ENDPOINT 'http://127.0.0.1:8181', AUTHORIZATION_TYPE 'none')",
    "aws-s3-tables": "ATTACH IF NOT EXISTS"
    " 'arn:aws:s3tables:eu-west-1:111122223333:bucket/cinelake' AS lake"
    " (TYPE iceberg, ENDPOINT_TYPE 's3_tables')",
    "aws-glue": "ATTACH IF NOT EXISTS '111122223333' AS lake (TYPE iceberg, ENDPOINT_TYPE 'glue')",
    "aws": None,
    "local-no-catalog": None,
}


@pytest.mark.parametrize("case", CATALOG_ATTACH)
def test_each_catalog_renders_its_attach_and_settings_agree(case: str) -> None:
    environ = {**PROFILE_CASES[case], **({"CINELAKE_S3_PORT": "9100"} if case == "local" else {})}
    target = render_target(environ)
    attached = [attach_sql(a) for a in target.get("attach") or []]
    assert attached == ([CATALOG_ATTACH[case]] if CATALOG_ATTACH[case] else [])
    catalog = load_settings({"CINELAKE_BUCKET": "b", **environ}).catalog
    assert catalog.attached == bool(attached)
    if attached:  # the Python side reads the same catalog the profile attaches
        attachment = target["attach"][0]
        assert attachment["path"] == catalog.warehouse
        assert (attachment["options"]["endpoint"] or None) == catalog.url
    oauth = [s for s in target["secrets"] if s["type"] == "iceberg"]
    assert bool(oauth) == bool(catalog.client_id)
    if oauth:
        assert oauth[0]["oauth2_server_uri"] == catalog.oauth2_uri
        assert oauth[0]["client_secret"] == catalog.client_secret


def test_the_rest_catalog_secret_is_written_for_duckdb() -> None:
    secret = next(s for s in render_target(PROFILE_CASES["aws-rest"])["secrets"] if s.get("name"))
    assert secret_sql("x", secret) == (
        "CREATE OR REPLACE SECRET lake_catalog (type iceberg, client_id 'reader',"
        " client_secret 's3cr3t''quote',"
        " oauth2_server_uri 'https://catalog.example.com/api/catalog/v1/oauth/tokens')"
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CINELAKE_CATALOG": "hive"}, "must be one of local, rest, s3_tables, glue, none"),
        ({"CINELAKE_CATALOG": "rest"}, "needs CINELAKE_CATALOG_URL"),
        (
            {
                "CINELAKE_CATALOG": "rest",
                "CINELAKE_CATALOG_URL": "http://x",
                "CINELAKE_CATALOG_WAREHOUSE": "w",
                "CINELAKE_CATALOG_CLIENT_ID": "id",
            },
            "both CINELAKE_CATALOG_CLIENT_ID and CINELAKE_CATALOG_CLIENT_SECRET",
        ),
        ({"CINELAKE_CATALOG": "s3_tables"}, "needs CINELAKE_LAKE=aws"),
        ({"CINELAKE_LAKE": "aws", "CINELAKE_CATALOG": "local"}, "choose rest, s3_tables or glue"),
        (
            {
                "CINELAKE_LAKE": "aws",
                "CINELAKE_CATALOG": "s3_tables",
                "CINELAKE_CATALOG_WAREHOUSE": "cinelake",
            },
            "the table bucket's ARN",
        ),
        (
            {
                "CINELAKE_LAKE": "aws",
                "CINELAKE_CATALOG": "glue",
                "CINELAKE_CATALOG_WAREHOUSE": "12",
            },
            "12-digit AWS account id",
        ),
        ({"CINELAKE_CATALOG_WAREHOUSE": "cinelake"}, "cannot be CINELAKE_BUCKET"),
    ],
)
def test_bad_catalog_settings_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings({"CINELAKE_BUCKET": "cinelake", **env})


def test_pyiceberg_properties_for_each_catalog() -> None:
    from cinelake.warehouse.catalog import catalog_properties

    local = catalog_properties(load_settings({"CINELAKE_S3_PORT": "9100"}))
    assert local["uri"] == "http://127.0.0.1:9105"
    assert local["warehouse"] == "cinelake-warehouse"
    assert local["credential"] == f"{DEV_ACCESS_KEY}:cinelake-dev-secret-change-me"
    assert local["s3.endpoint"] == "http://127.0.0.1:9100"
    tables = catalog_properties(
        load_settings({"CINELAKE_BUCKET": "b", **PROFILE_CASES["aws-s3-tables"]})
    )
    assert tables["uri"] == "https://s3tables.eu-west-1.amazonaws.com/iceberg"
    assert tables["rest.sigv4-enabled"] == "true"
    assert "s3.secret-access-key" not in tables  # the AWS chain, never a key of ours
    glue = catalog_properties(load_settings({"CINELAKE_BUCKET": "b", **PROFILE_CASES["aws-glue"]}))
    assert (glue["type"], glue["glue.id"], glue["glue.region"]) == (
        "glue",
        "111122223333",
        "eu-west-1",
    )


# -- every variable defined once (cinelake/config/variables.py) ----------------------------

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PYTHON_READS = re.compile(
    r"""(?:environ(?:\.get)?\(|environ\[|getenv\(|\.get\()\s*["']((?:CINELAKE|TMDB|AWS|DBT)_[A-Z0-9_]+)"""
)
DBT_READS = re.compile(r"""env_var\(\s*'([A-Z0-9_]+)'\s*(?:,\s*'([^']*)')?""")
DBT_FILES = (
    "profiles.yml",
    "dbt_project.yml",
    "models",
    "macros",
    "tests/generic",
    "tests/singular",
)


def _files(*roots: str, suffixes: tuple[str, ...]) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        path = PROJECT_ROOT / root
        found += (
            [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in suffixes)
        )
    return found


def test_every_variable_read_is_defined_once_in_the_settings() -> None:
    python = {
        name
        for path in _files("cinelake", "ingest", "tools", suffixes=(".py",))
        for name in PYTHON_READS.findall(path.read_text(encoding="utf-8"))
    }
    dbt = {
        match[0]
        for path in _files(*DBT_FILES, suffixes=(".sql", ".yml"))
        for match in DBT_READS.findall(path.read_text(encoding="utf-8"))
    }
    assert python and dbt  # the patterns still find the reads
    stray = sorted((python | dbt) - set(BY_NAME))
    assert not stray, f"read but not in cinelake/config/variables.py: {stray}"
    # and nothing is listed that nobody reads (or, for boto3's, names)
    code = "".join(
        path.read_text(encoding="utf-8")
        for path in _files("cinelake", "ingest", suffixes=(".py",))
        if path.name != "variables.py"
    )
    named = {name for name in BY_NAME if f'"{name}"' in code}
    read = python | dbt | named | {v.name for v in VARIABLES if v.read_by == "boto3"}
    assert sorted(set(BY_NAME) - read) == []


def test_the_dbt_files_defaults_are_the_settings_defaults() -> None:
    """`dbt build` run by hand renders what cinelake would: each env_var default in a dbt
    file is the variable's default in the settings."""
    seen = 0
    for path in _files(*DBT_FILES, suffixes=(".sql", ".yml")):
        for name, fallback in DBT_READS.findall(path.read_text(encoding="utf-8")):
            if fallback and BY_NAME[name].default is not None:
                seen += 1
                assert fallback == BY_NAME[name].default, (path.name, name)
    assert seen > 10


def test_the_env_example_is_generated_from_the_settings() -> None:
    assert (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8") == env_example()
    # every user-facing variable is in it, secrets without a value
    text = env_example()
    for v in VARIABLES:
        assert (f"{v.name}=" in text) == (v.section != "internal"), v.name
        if v.secret:
            assert re.search(rf"^#? ?{v.name}=$", text, re.M), v.name


def test_dbt_gets_the_settings_values() -> None:
    settings = load_settings({"CINELAKE_BUCKET": "elsewhere", "CINELAKE_S3_PORT": "9100"})
    env = settings.dbt_environment()
    assert env["CINELAKE_BUCKET"] == "elsewhere"
    assert env["CINELAKE_S3_PORT"] == "9100"
    assert env["CINELAKE_CATALOG"] == "local"
    assert env["CINELAKE_LAKE_DIR"] == BY_NAME["CINELAKE_LAKE_DIR"].default
    assert "TMDB_READ_TOKEN" not in env  # dbt reads no TMDB setting
