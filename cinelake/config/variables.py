"""Every environment variable cinelake reads, defined once: its section, default and
meaning. `.env.example` and the docs' configuration page are generated from this list,
and a test fails when code or a dbt file reads a variable that is not in it."""

from __future__ import annotations

from dataclasses import dataclass

# The sections, in the order the reference and `.env.example` show them.
SECTIONS = {
    "lake": "Where the lake is: the local SeaweedFS server, or Amazon S3.",
    "catalog": "The Iceberg catalog that holds the Trusted, Refined and audit tables.",
    "warehouse": "The dbt build and its DuckDB (or Spark) engine.",
    "tmdb": "The TMDB client (`cinelake enrich`).",
    "spark": "dbt on Apache Spark (`CINELAKE_ENGINE=spark`).",
    "orchestration": "The Dagster code location (`make orchestrate`): inbox, schedule, instance.",
    "internal": "Set by cinelake for its own child processes; not for users.",
}


@dataclass(frozen=True)
class Variable:
    name: str
    section: str
    default: str | None  # None: unset unless given (the text says what happens then)
    text: str
    secret: bool = False
    example: str | None = None  # shown (commented out) in .env.example when no default
    read_by: str = "cinelake"  # "cinelake", "dbt" or "cinelake, dbt"; "boto3" for AWS's own


VARIABLES: tuple[Variable, ...] = (
    # lake
    Variable(
        "CINELAKE_LAKE",
        "lake",
        "local",
        "`local` (SeaweedFS on 127.0.0.1, started by"
        " `cinelake lake up`) or `aws` (Amazon S3 or any S3 store)",
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_BUCKET",
        "lake",
        "cinelake",
        "the bucket of the Raw zone (on aws: your bucket, required)",
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_S3_PORT",
        "lake",
        "8333",
        "local lake: the S3 port on 127.0.0.1 (the Iceberg catalog listens on this port + 5)",
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_ACCESS_KEY",
        "lake",
        "cinelake-dev",
        "local lake: the access key (a development default: change it for anything shared)",
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_SECRET_KEY",
        "lake",
        "cinelake-dev-secret-change-me",
        "local lake: the secret key",
        secret=True,
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_LAKE_DIR",
        "lake",
        ".lake",
        "where local state lives: the lake's data, the warehouse file, logs",
        read_by="cinelake, dbt",
    ),
    Variable(
        "AWS_REGION",
        "lake",
        None,
        "aws: the region (else AWS_DEFAULT_REGION, else boto3's own)",
        example="eu-west-1",
        read_by="cinelake, dbt",
    ),
    Variable(
        "AWS_DEFAULT_REGION",
        "lake",
        None,
        "aws: the region when AWS_REGION is unset",
        read_by="cinelake, dbt",
    ),
    Variable(
        "AWS_ENDPOINT_URL_S3",
        "lake",
        None,
        "aws: an S3-compatible store of your own (else AWS_ENDPOINT_URL, else Amazon S3)",
        read_by="cinelake, dbt",
    ),
    Variable(
        "AWS_ENDPOINT_URL",
        "lake",
        None,
        "aws: the endpoint of every AWS service",
        read_by="cinelake, dbt",
    ),
    Variable(
        "AWS_PROFILE",
        "lake",
        None,
        "aws: a profile of ~/.aws (or use keys, SSO or an instance role: boto3's standard chain)",
        example="my-profile",
        read_by="boto3",
    ),
    Variable(
        "AWS_ACCESS_KEY_ID",
        "lake",
        None,
        "aws: an access key (boto3's standard chain)",
        example="",
        read_by="boto3",
    ),
    Variable(
        "AWS_SECRET_ACCESS_KEY",
        "lake",
        None,
        "aws: its secret",
        secret=True,
        example="",
        read_by="boto3",
    ),
    # catalog
    Variable(
        "CINELAKE_CATALOG",
        "catalog",
        None,
        "`local` (the lake's own REST catalog;"
        " default on the local lake), `rest`, `s3_tables`, `glue` or `none` (default on"
        " aws: tables in the warehouse file, no time travel)",
        example="local",
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_CATALOG_WAREHOUSE",
        "catalog",
        "cinelake-warehouse",
        "the catalog's"
        " warehouse: local: a table bucket; rest: its warehouse; s3_tables: the table"
        " bucket's ARN; glue: the 12-digit account id",
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_CATALOG_URL",
        "catalog",
        None,
        "rest: the catalog's URL",
        example="https://catalog.example.com/api/catalog",
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_CATALOG_CLIENT_ID",
        "catalog",
        None,
        "rest: the OAuth2 client id",
        example="",
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_CATALOG_CLIENT_SECRET",
        "catalog",
        None,
        "rest: the OAuth2 secret",
        secret=True,
        example="",
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_CATALOG_OAUTH2_URI",
        "catalog",
        None,
        "rest: the token endpoint (default: the catalog URL + /v1/oauth/tokens)",
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_SNAPSHOT_RETENTION_DAYS",
        "catalog",
        "7",
        "days of Iceberg snapshots (time travel) kept; older ones are expired after each build",
    ),
    # warehouse
    Variable(
        "CINELAKE_ENGINE",
        "warehouse",
        "duckdb",
        "`duckdb`, or `spark` for the same models on Apache Spark",
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_WAREHOUSE",
        "warehouse",
        None,
        "the DuckDB warehouse file (default: CINELAKE_LAKE_DIR/warehouse.duckdb)",
        read_by="dbt",
    ),
    Variable(
        "CINELAKE_DUCKDB_MEMORY_LIMIT",
        "warehouse",
        "1500MB",
        "DuckDB's memory limit during a build",
        read_by="dbt",
    ),
    Variable(
        "CINELAKE_DUCKDB_EXTENSION_DIR",
        "warehouse",
        ".duckdb/extensions",
        "where `cinelake setup` installs DuckDB's extensions from their wheels",
        read_by="dbt",
    ),
    Variable(
        "DBT_PROFILES_DIR",
        "warehouse",
        None,
        "dbt's profiles folder (the Makefile sets the project root)",
        read_by="cinelake, dbt",
    ),
    Variable(
        "DBT_TARGET_PATH",
        "warehouse",
        None,
        "dbt's target folder (default: target/)",
        read_by="cinelake, dbt",
    ),
    # tmdb
    Variable(
        "TMDB_READ_TOKEN",
        "tmdb",
        None,
        "a TMDB v4 read access token (preferred)",
        secret=True,
        example="",
    ),
    Variable("TMDB_API_KEY", "tmdb", None, "or a TMDB v3 API key", secret=True, example=""),
    Variable("TMDB_BASE_URL", "tmdb", "https://api.themoviedb.org", "the TMDB API"),
    Variable("TMDB_RATE", "tmdb", "20", "requests per second at most, retries included"),
    Variable("TMDB_CONCURRENCY", "tmdb", "8", "requests in flight at most"),
    Variable("TMDB_TIMEOUT", "tmdb", "10", "seconds per request"),
    Variable("TMDB_ATTEMPTS", "tmdb", "5", "attempts per request (with backoff)"),
    # spark
    Variable(
        "CINELAKE_SPARK_MASTER", "spark", "local[2]", "Spark's master", read_by="cinelake, dbt"
    ),
    Variable(
        "CINELAKE_SPARK_DRIVER_MEMORY",
        "spark",
        "2g",
        "the driver's memory",
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_SPARK_SHUFFLE_PARTITIONS",
        "spark",
        "4",
        "spark.sql.shuffle.partitions",
        read_by="cinelake, dbt",
    ),
    Variable(
        "CINELAKE_SPARK_MIRROR",
        "spark",
        None,
        "the local mirror of Raw Spark reads (default: CINELAKE_LAKE_DIR/spark/mirror)",
    ),
    # orchestration
    Variable(
        "CINELAKE_INBOX",
        "orchestration",
        "data/sample",
        "the inbox of daily deliveries, DIR/YYYY-MM-DD/movies.csv and series.csv"
        " (as `cinelake sample --days` writes them)",
    ),
    Variable(
        "CINELAKE_FIRST_LOAD_DATE",
        "orchestration",
        "2024-01-01",
        "the first daily partition of the Raw loads",
    ),
    Variable(
        "CINELAKE_SCHEDULE_TIME",
        "orchestration",
        "06:00",
        "when the daily schedule runs (HH:MM)",
    ),
    Variable(
        "CINELAKE_SCHEDULE_TIMEZONE",
        "orchestration",
        "UTC",
        "the schedule's time zone (IANA name, e.g. Europe/Lisbon)",
    ),
    Variable(
        "DAGSTER_HOME",
        "orchestration",
        None,
        "the Dagster instance: its dagster.yaml and SQLite storage (default:"
        " CINELAKE_LAKE_DIR/dagster)",
        read_by="cinelake, dagster",
    ),
    # internal
    Variable(
        "CINELAKE_SPARK_LAKE_ROOT",
        "internal",
        None,
        "the mirror, as Spark's dbt target reads it",
        read_by="dbt",
    ),
    Variable(
        "DAGSTER_DISABLE_TELEMETRY",
        "internal",
        None,
        "set for `cinelake orchestrate`: Dagster sends no usage data",
        read_by="dagster",
    ),
    Variable("CINELAKE_READ_AS_OF", "internal", None, "a reader pinned to a past time"),
    Variable("CINELAKE_READ_BUILD", "internal", None, "a reader pinned to a past build"),
)

BY_NAME = {variable.name: variable for variable in VARIABLES}


def default(name: str) -> str:
    """The default of a variable that has one (a KeyError or TypeError otherwise)."""
    value = BY_NAME[name].default
    if value is None:
        raise TypeError(f"{name} has no default")
    return value


def secret_names() -> tuple[str, ...]:
    return tuple(v.name for v in VARIABLES if v.secret)


def env_example() -> str:
    """The text of `.env.example`: every variable a user sets, by section."""
    lines = [
        "# Copy to .env (git-ignored) and adjust; the environment always overrides .env.",
        "# Generated from cinelake/config/variables.py (`cinelake config env-example`).",
    ]
    for section, text in SECTIONS.items():
        if section == "internal":
            continue
        lines += ["", f"# --- {section}: {text}"]
        for v in VARIABLES:
            if v.section != section:
                continue
            lines.append(f"# {v.text}")
            if v.default is not None:
                shown = "" if v.secret else v.default
                prefix = "" if v.name in UNCOMMENTED else "# "
                lines.append(f"{prefix}{v.name}={shown}")
            else:
                lines.append(f"# {v.name}={v.example or ''}")
    return "\n".join(lines) + "\n"


# What a newcomer's .env starts with, uncommented: where the lake is.
UNCOMMENTED = ("CINELAKE_LAKE", "CINELAKE_BUCKET")


def reference_markdown() -> str:
    """The configuration page of the docs site: every variable by section."""
    lines = [
        "# Configuration reference",
        "",
        "Generated from `cinelake/config/variables.py` when the site is built. Every"
        " setting comes from the environment or an uncommitted `.env` (the environment wins);"
        " `cinelake config show` prints the values in effect, secrets masked, and"
        " `cinelake config env-example` the `.env.example` generated from the same list.",
        "",
    ]
    for section, text in SECTIONS.items():
        lines += [
            f"## {section}",
            "",
            text,
            "",
            "| variable | default | read by | meaning |",
            "|---|---|---|---|",
        ]
        for v in (v for v in VARIABLES if v.section == section):
            shown = "(secret)" if v.secret else (f"`{v.default}`" if v.default is not None else "")
            meaning = v.text.replace("|", "\\|")
            lines.append(f"| `{v.name}` | {shown} | {v.read_by} | {meaning} |")
        lines.append("")
    return "\n".join(lines)
