"""TMDB enrichment: fetch each title's TMDB details by its IMDb id and land them in Raw.

`api` (endpoints, credentials, settings), `fetch` (the rate-limited, retrying client),
`landing` (batches and the run manifest in S3), `selection` (which ids to fetch),
`run` (the whole run), `server` (a TMDB look-alike for tests, benchmarks and `make run`).
"""
