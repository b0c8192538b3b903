{#-
    The landed objects of a Raw CSV source, one row each: its key (`source_file`) and
    when it was last written (`landed_at`, UTC: the object's Last-Modified from the listing:
    no file is read). A date landed again with `--replace` gets a newer `landed_at`,
    which is how the history models tell a replaced load from one already computed.
    With var('raw_date'), the objects up to that date. Zero rows, not an error, when
    nothing has landed.
-#}
{% macro raw_file_listing(source_name, table_name) %}
    {#- referenced for the lineage: the listing is of this source's objects -#}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute -%}
        {{ return("select cast(null as string) as source_file, cast(null as timestamp) as landed_at") }}
    {%- endif -%}
    {%- set prefix, file_name = raw_source_location(source_name, table_name) -%}
    {%- set last_key = none -%}
    {%- if var('raw_date') -%}
        {%- set day = modules.datetime.date.fromisoformat(var('raw_date') | string) -%}
        {%- set last_key = prefix ~ day.strftime('%Y/%m/%d') ~ '/' ~ file_name -%}
    {%- endif -%}
    {{ return(adapter.dispatch('file_listing_query', 'cinelake')(prefix ~ '*/*/*/' ~ file_name, last_key)) }}
{% endmacro %}

{#- Keys matching the glob `pattern` (up to `last_key` when given) with their Last-Modified. -#}
{% macro duckdb__file_listing_query(pattern, last_key) -%}
    select
        filename as source_file,
        timezone('UTC', last_modified) as landed_at
    from read_blob('{{ pattern }}')
    {%- if last_key %}
    where filename <= '{{ last_key }}'
    {%- endif %}
{%- endmacro %}

{% macro default__file_listing_query(pattern, last_key) -%}
    {{ exceptions.raise_compiler_error("file_listing_query: no listing for adapter " ~ adapter.type()) }}
{%- endmacro %}

{#-
    The `loaded_at_query` of a Raw CSV source (dbt source freshness): when its newest
    object was written. `cinelake build` compares it with the last successful build's
    (`source_status:fresher+`), so a run with no new or replaced file selects nothing.
    Before anything has landed: the epoch, which freshness reports as stale.
-#}
{% macro raw_landed_at(source_name, table_name) %}
    {%- set prefix, file_name = raw_source_location(source_name, table_name) -%}
    select coalesce(max(landed_at), cast('1970-01-01' as timestamp))
    from ({{ adapter.dispatch('file_listing_query', 'cinelake')(prefix ~ '*/*/*/' ~ file_name, none) }}) as listing
{% endmacro %}
