"""cinelake: everything around the ingest step (settings, CLI, lake, warehouse, app, sample
data, benchmarks). The ingest step itself is the top-level package `ingest`."""
