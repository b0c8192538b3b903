{#-
    The Raw key a build reads for one file kind: the newest dated partition, found by
    listing keys (no file is read), or the partition of var('raw_date') when set (taken
    as given, not listed, since linting compiles with it and no lake: a kind missing on
    that date fails the read). Returns a quoted SQL string literal, or none when no file
    of the kind has landed: either file alone is a valid lake, so the staging model then
    stands in an empty relation (see `empty_raw_source`) and the build log says once, in
    one line, which kind is missing.
-#}
{% macro latest_raw_file(folder, file_name) %}
    {%- set prefix = 's3://' ~ env_var('CINELAKE_BUCKET', 'cinelake') ~ '/Raw/Local/CSV/' ~ folder ~ '/' -%}
    {%- if var('raw_date') -%}
        {%- set day = modules.datetime.date.fromisoformat(var('raw_date') | string) -%}
        {{ return("'" ~ prefix ~ day.strftime('%Y/%m/%d') ~ '/' ~ file_name ~ "'") }}
    {%- endif -%}
    {%- if not execute -%}
        {{ return("'" ~ prefix ~ "YYYY/MM/DD/" ~ file_name ~ "'") }}
    {%- endif -%}
    {%- set listing = adapter.dispatch('newest_file_query', 'cinelake')(prefix ~ '*/*/*/' ~ file_name) -%}
    {%- set latest = run_query(listing).columns[0].values()[0] -%}
    {%- if not latest -%}
        {%- set kind = file_name.rsplit('.', 1)[0] -%}
        {{ log("no " ~ file_name ~ " has landed under " ~ prefix ~ ": the " ~ kind
            ~ " models are empty", info=True) }}
        {{ return(none) }}
    {%- endif -%}
    {{ return("'" ~ latest ~ "'") }}
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
