"""The DuckDB warehouse: connections set up from the dbt profile, and the SQL shell."""

from cinelake.warehouse.connection import connect, install_extensions, warehouse_path

__all__ = ["connect", "install_extensions", "warehouse_path"]
