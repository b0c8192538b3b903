"""The Iceberg catalog of the lake, for clients other than DuckDB (PyIceberg).

DuckDB and dbt attach the catalog from profiles.yml (`cinelake.warehouse.connect`);
this module reads the same settings (`Settings.catalog`, CINELAKE_CATALOG) for PyIceberg.
PyIceberg is imported only when a catalog is loaded: the CLI stays quick without it.
"""

from __future__ import annotations

from typing import Any

from cinelake.config import ConfigError, Settings


class CatalogError(Exception):
    """The catalog could not be reached, or refused the key."""


def catalog_properties(settings: Settings) -> dict[str, str]:
    """PyIceberg's `load_catalog` properties for the configured catalog (secrets included:
    keep them out of logs)."""
    catalog = settings.catalog
    if not catalog.attached:
        raise ConfigError("CINELAKE_CATALOG=none: there is no catalog to load")
    props: dict[str, str] = {}
    if catalog.is_rest:
        assert catalog.url and catalog.warehouse
        props = {"type": "rest", "uri": catalog.url, "warehouse": catalog.warehouse}
        if catalog.client_id and catalog.client_secret:
            props["credential"] = f"{catalog.client_id}:{catalog.client_secret}"
            props["oauth2-server-uri"] = catalog.oauth2_uri or f"{catalog.url}/v1/oauth/tokens"
    elif catalog.kind == "s3_tables":
        # The S3 Tables Iceberg REST endpoint, signed with the AWS credential chain.
        assert catalog.warehouse
        region = catalog.warehouse.split(":")[3]
        props = {
            "type": "rest",
            "uri": f"https://s3tables.{region}.amazonaws.com/iceberg",
            "warehouse": catalog.warehouse,
            "rest.sigv4-enabled": "true",
            "rest.signing-name": "s3tables",
            "rest.signing-region": region,
        }
    else:  # glue
        assert catalog.warehouse
        props = {"type": "glue", "glue.id": catalog.warehouse}
        if settings.region:
            props["glue.region"] = settings.region
    # The data files: the lake's own S3 settings (path-style on any endpoint of our own).
    if settings.endpoint:
        props["s3.endpoint"] = settings.endpoint
    if settings.region:
        props["s3.region"] = settings.region
    if settings.access_key and settings.secret_key:
        props["s3.access-key-id"] = settings.access_key
        props["s3.secret-access-key"] = settings.secret_key
    return props


def load_catalog(settings: Settings) -> Any:
    """The configured catalog as a PyIceberg `Catalog` (named `lake`, as DuckDB attaches it);
    a catalog that does not answer or refuses the key raises CatalogError in one line."""
    from pyiceberg.catalog import load_catalog as pyiceberg_load_catalog

    where = settings.catalog.url or settings.catalog.warehouse
    try:
        return pyiceberg_load_catalog("lake", **catalog_properties(settings))
    except ConfigError:
        raise
    except Exception as exc:  # noqa: BLE001 - PyIceberg, requests and botocore errors alike
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise CatalogError(f"Iceberg catalog at {where}: {detail}") from None
