"""The ingest step: validate movies.csv / series.csv and land them in the Raw zone."""
