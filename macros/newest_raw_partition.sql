{#-
    The `source` CTE of a staging model over a Raw CSV source: the rows of the newest
    dated partition, found by listing keys (no file is read), or of the partition of
    var('raw_date') when set (taken as given, not listed, since linting compiles with it
    and no lake: a kind missing on that date fails the read). Filtering on `filename`
    with a literal lets DuckDB skip every other partition. Where the files land comes
    from the source's `raw_folder` / `raw_file` config under var('raw_csv_prefix').
    When no file of the kind has landed, it is an empty relation of the same columns
    (`empty_raw_source`): either file alone is a valid lake, and the build log says
    once, in one line, which kind is missing. The source is always referenced, so the
    lineage keeps it.
-#}
{% macro newest_raw_partition(source_name, table_name) %}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute -%}
        {{ return("select * from " ~ relation) }}
    {%- endif -%}
    {%- set prefix, file_name = raw_source_location(source_name, table_name) -%}
    {%- if var('raw_date') -%}
        {%- set day = modules.datetime.date.fromisoformat(var('raw_date') | string) -%}
        {%- set newest = prefix ~ day.strftime('%Y/%m/%d') ~ '/' ~ file_name -%}
    {%- else -%}
        {%- set listing = adapter.dispatch('newest_file_query', 'cinelake')(prefix ~ '*/*/*/' ~ file_name) -%}
        {%- set newest = run_query(listing).columns[0].values()[0] -%}
    {%- endif -%}
    {%- if not newest -%}
        {{ log("no " ~ file_name ~ " has landed under " ~ prefix ~ ": the " ~ table_name
            ~ " models are empty", info=True) }}
        {{ return(empty_raw_source(source_name, table_name)) }}
    {%- endif -%}
    {{ return(raw_csv_rows(source_name, table_name, file=newest)) }}
{% endmacro %}

{#-
    A query returning one row and column: the greatest path matching the glob `pattern`,
    NULL when none does. Listing objects is engine-specific, hence the dispatch.
-#}
{% macro duckdb__newest_file_query(pattern) -%}
    select max(file) from glob('{{ pattern }}')
{%- endmacro %}

{% macro default__newest_file_query(pattern) -%}
    {{ exceptions.raise_compiler_error("newest_file_query: no listing for adapter " ~ adapter.type()) }}
{%- endmacro %}

{#-
    Where the files of a Raw CSV source land: the folder URL under var('raw_csv_prefix')
    (from the source's `raw_folder`) and the file name (`raw_file`).
-#}
{% macro raw_source_location(source_name, table_name) %}
    {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
    {%- set prefix = 's3://' ~ var('lake_bucket') ~ '/' ~ var('raw_csv_prefix')
        ~ '/' ~ node.config.raw_folder ~ '/' -%}
    {{ return((prefix, node.config.raw_file)) }}
{% endmacro %}
