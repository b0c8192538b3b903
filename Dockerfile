# syntax=docker/dockerfile:1
# The cinelake pipeline as an image: the `cinelake` CLI with the dbt project, the pinned
# Python dependencies and the DuckDB extensions, run as a non-root user. Configuration
# comes only from the environment at run time (`docker run --env-file .env ...`).
#
#   docker build -t cinelake .
#   docker run --rm --init --env-file .env -v "$PWD/data:/data:ro" cinelake ingest --movies /data/movies.csv
#   docker run --rm --init --env-file .env -v cinelake-state:/var/lib/cinelake cinelake build
#
# Stages: `builder` installs the venv, `runtime` is the image, `check` (only with
# `--target check`, as `make image` runs it) lands and builds a sample inside the build
# against a lake the build can reach, and the last stage is the image a plain build gives.

# Any Debian-based image with Python 3.11 and python3-venv: the official slim image by
# default; `make image` passes a Debian bookworm root made offline with mmdebstrap.
ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS builder
# pip trusts the system CA store, not its own certifi copy: a build behind a TLS proxy
# mounts the host's bundle over it (read-only, at build time only; see `make image`).
ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
# The locked dependencies first, in their own layer: code changes do not reinstall them.
COPY pyproject.toml requirements.lock ./
RUN python3 -m venv /opt/cinelake \
    && python3 -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"], sep="\n")' > runtime-requirements.txt \
    && /opt/cinelake/bin/pip install --quiet -c requirements.lock -r runtime-requirements.txt
# The code lives inside the dbt project, as in a clone: the package finds
# dbt_project.yml and profiles.yml beside it (an editable install points at /app).
WORKDIR /app
COPY pyproject.toml README.md dbt_project.yml profiles.yml ./
COPY cinelake ./cinelake
COPY ingest ./ingest
COPY tools ./tools
COPY models ./models
COPY macros ./macros
COPY seeds ./seeds
COPY tests/generic ./tests/generic
COPY tests/singular ./tests/singular
# the tools too: the sample generator and its fake TMDB make `cinelake run` work on no files
RUN /opt/cinelake/bin/pip install --quiet --no-deps -e . -e ./tools \
    && /opt/cinelake/bin/python -m compileall -q /app/cinelake /app/ingest /app/tools

FROM ${BASE_IMAGE} AS runtime
ARG UID=10001
# A fixed numeric user: Kubernetes' runAsNonRoot can check it without /etc/passwd.
RUN useradd --uid "${UID}" --user-group --create-home --home-dir /home/cinelake \
        --shell /usr/sbin/nologin cinelake \
    && mkdir -p /var/lib/cinelake \
    && chown "${UID}:${UID}" /var/lib/cinelake
COPY --from=builder /opt/cinelake /opt/cinelake
COPY --from=builder /app /app
WORKDIR /app
# Everything the container writes goes under /var/lib/cinelake (mount a volume there to
# keep the warehouse between runs); /app and /opt are read-only to the user.
ENV PATH=/opt/cinelake/bin:${PATH} \
    PYTHONUNBUFFERED=1 \
    DBT_PROFILES_DIR=/app \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false \
    DBT_TARGET_PATH=/var/lib/cinelake/target \
    DBT_LOG_PATH=/var/lib/cinelake/logs \
    CINELAKE_LAKE_DIR=/var/lib/cinelake \
    CINELAKE_DUCKDB_EXTENSION_DIR=/opt/cinelake/duckdb-extensions
# The DuckDB extensions from their PyPI packages, installed now: nothing downloads later.
RUN cinelake setup
USER ${UID}:${UID}
VOLUME ["/var/lib/cinelake"]
ENTRYPOINT ["cinelake"]
CMD ["--help"]

# In-build checks (`make image`): `podman run` does not work on the build machines, so
# the image is exercised here, as its user, against a lake reached over the host network.
# The lake's settings come as a build secret in `.env` form (CINELAKE_LAKE=aws, the
# endpoint, the keys, a bucket): mounted for this one step, never stored in a layer.
FROM runtime AS check
# A new value each `make image` run, so these steps run again instead of coming from cache.
ARG CHECK_RUN=0
RUN --mount=type=secret,id=lake_env,target=/app/.env,uid=10001,mode=0400 \
    set -eu; \
    echo "image check ${CHECK_RUN}: running as $(id -un) ($(id -u))"; \
    test "$(id -u)" -ne 0; \
    grep -q '^CINELAKE_IMAGE_CHECK=' /app/.env \
        || { echo "the check needs the build secret lake_env (see make image)" >&2; exit 1; }; \
    work="$(mktemp -d)"; \
    export CINELAKE_LAKE_DIR="$work" DBT_TARGET_PATH="$work/target" DBT_LOG_PATH="$work/logs"; \
    cinelake --help > /dev/null; \
    cinelake run --sample-dir "$work/sample" --titles 300 --days 2; \
    cinelake sql --csv "select 'image check' as image_check, count(*) as titles, \
        if(count(tmdb_id) > 0, count(tmdb_id), error('no title was enriched')) as enriched \
        from refined.dim_titles"; \
    rm -rf "$work"

# The image: the last stage, so a plain `docker build .` gives it without the checks.
FROM runtime
