"""Tools around cinelake, kept out of the product: the sample generator, the benchmarks,
a fake TMDB server and the container image builder. They import the product, never the
other way round; their commands join `cinelake`'s through the entry points
`cinelake.commands` (tools/pyproject.toml)."""
