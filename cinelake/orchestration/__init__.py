"""The Dagster code location (`make orchestrate`): the Raw loads as daily partitions, every
dbt model as an asset with its tests as asset checks, the TMDB enrichment and the report;
a daily schedule and an inbox sensor. Each asset calls what `cinelake run`'s steps call.

The definitions are in `cinelake.orchestration.definitions` (`defs`)."""
