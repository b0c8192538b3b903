"""Settings: environment over `.env`, local defaults, AWS by configuration alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.config import DEV_ACCESS_KEY, ConfigError, apply_dotenv, load_settings, read_dotenv


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
