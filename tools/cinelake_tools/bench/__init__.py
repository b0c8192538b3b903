"""The benchmarks: `ingest_bench` (cinelake ingest vs a plain upload) and `build_bench`
(dbt build vs a bare DuckDB scan). Each runs its measured children as
`python -m cinelake_tools.bench.<module>`, so this package imports neither."""
