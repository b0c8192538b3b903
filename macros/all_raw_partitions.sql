{#-
    The `source` CTE of a staging model over EVERY dated partition of a Raw CSV source
    (the history models; the current-state models read the newest partition only, see
    `newest_raw_partition`). The rows come from the source relation itself, so older
    partitions are read with the same reader options (dialect, typed columns,
    store_rejects) as the newest one: a row the reader cannot parse or cast is kept in
    the build log by the post-hook of `title_snapshots` and published by `raw_rejects`.
    With var('raw_date') set, the partitions up to and including that
    date (taken as given, not listed: linting compiles without a lake). When no file of
    the kind has landed, an empty relation of the same columns (`empty_raw_source`).

    It adds `load_date`, taken from the key (`raw_csv_rows` says where, per engine:
    `title_snapshots` writes one date at a time and DuckDB then opens only that date's
    file).
-#}
{% macro all_raw_partitions(source_name, table_name) %}
    {%- if not execute -%}
        {{ return("select *, " ~ raw_load_date('filename') ~ " as load_date from "
            ~ source(source_name, table_name)) }}
    {%- endif -%}
    {%- set prefix, file_name = raw_source_location(source_name, table_name) -%}
    {%- if var('raw_date') -%}
        {%- set day = modules.datetime.date.fromisoformat(var('raw_date') | string) -%}
        {{ return(raw_csv_rows(source_name, table_name,
            up_to=prefix ~ day.strftime('%Y/%m/%d') ~ '/' ~ file_name, with_load_date=true)) }}
    {%- endif -%}
    {%- set listing = adapter.dispatch('newest_file_query', 'cinelake')(prefix ~ '*/*/*/' ~ file_name) -%}
    {%- if not run_query(listing).columns[0].values()[0] -%}
        {#- referenced for the lineage -#}
        {%- set relation = source(source_name, table_name) -%}
        {{ return("select *, " ~ raw_load_date('filename') ~ " as load_date from ("
            ~ empty_raw_source(source_name, table_name) ~ ") as no_file") }}
    {%- endif -%}
    {{ return(raw_csv_rows(source_name, table_name, with_load_date=true)) }}
{% endmacro %}

{#-
    The select list of a history staging model: the title fields of an IMDb credit row
    (from `imdb_credit_row_columns`) with the load date `all_raw_partitions` added.
-#}
{% macro imdb_title_load_columns() %}
        title_id,
        title_type,
        primary_title,
        original_title,
        release_year,
        end_year,
        runtime_minutes,
        genres,
        average_rating,
        num_votes,
        load_date,
        source_file
{% endmacro %}

{#-
    The load date of a Raw object from its key: the YYYY/MM/DD folders before the file
    name (`.../Movies/2024/01/02/movies.csv` -> 2024-01-02). Engine-specific, hence the
    dispatch.
-#}
{% macro raw_load_date(column) -%}
    {{ return(adapter.dispatch('raw_load_date', 'cinelake')(column)) }}
{%- endmacro %}

{% macro default__raw_load_date(column) -%}
    cast(strptime(regexp_extract({{ column }}, '/([0-9]{4}/[0-9]{2}/[0-9]{2})/[^/]+$', 1), '%Y/%m/%d') as date)
{%- endmacro %}

{% macro spark__raw_load_date(column) -%}
    to_date(regexp_extract({{ column }}, '/([0-9]{4}/[0-9]{2}/[0-9]{2})/[^/]+$', 1), 'yyyy/MM/dd')
{%- endmacro %}

{#- Whether a list column contains a value; engines spell it differently. -#}
{% macro list_has_value(list_column, value) -%}
    {{ return(adapter.dispatch('list_has_value', 'cinelake')(list_column, value)) }}
{%- endmacro %}

{% macro default__list_has_value(list_column, value) -%}
    list_contains({{ list_column }}, {{ value }})
{%- endmacro %}

{% macro spark__list_has_value(list_column, value) -%}
    array_contains({{ list_column }}, {{ value }})
{%- endmacro %}

{#-
    The n-th largest value of `column` in a group (counting equal values apiece; the
    smallest when the group has fewer than n): an aggregate keeping n values, so a
    top-n with ties needs no window over the whole input. Engines spell it differently.
-#}
{% macro nth_largest(column, n) -%}
    {{ return(adapter.dispatch('nth_largest', 'cinelake')(column, n)) }}
{%- endmacro %}

{% macro default__nth_largest(column, n) -%}
    list_min(max({{ column }}, {{ n }}))
{%- endmacro %}

{% macro spark__nth_largest(column, n) -%}
    array_min(slice(sort_array(collect_list({{ column }}), false), 1, {{ n }}))
{%- endmacro %}
