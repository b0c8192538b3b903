{#-
    The `source` CTE of a staging model over a Raw JSON source (the TMDB responses):
    the records of every landed object. Unlike the CSVs, each object holds other
    records (one batch of a client run), so every object counts, not only the newest;
    Trusted keeps the newest fetch per title. With var('raw_date') set, the objects
    of the dates up to and including it. When nothing has landed (or nothing up to
    that date): an empty relation of the same columns (`empty_raw_source`), and the
    build log says so in one line. Where the objects land comes from the source's
    `raw_prefix` / `raw_pattern` config. The source is always referenced, so the
    lineage keeps it. Linting compiles without a lake (var `lake_listing` false):
    nothing is listed then.
-#}
{% macro all_raw_json_records(source_name, table_name) %}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute -%}
        {{ return("select * from " ~ relation) }}
    {%- endif -%}
    {%- set prefix, pattern = raw_json_location(source_name, table_name) -%}
    {%- set bound = none -%}
    {%- if var('raw_date') -%}
        {%- set next_day = modules.datetime.date.fromisoformat(var('raw_date') | string)
            + modules.datetime.timedelta(days=1) -%}
        {#- keys sort by date: every key of a later date (and `_manifests/`) is >= bound -#}
        {%- set bound = prefix ~ next_day.strftime('%Y/%m/%d') ~ '/' -%}
    {%- endif -%}
    {%- if not lake_listing() -%}
        {{ return(raw_json_rows(source_name, table_name, bound)) }}
    {%- endif -%}
    {%- set listing -%}
        select count(*) from (
            {{ adapter.dispatch('file_listing_query', 'cinelake')(prefix ~ pattern, none) }}
        ) as listing
        {%- if bound %} where source_file < '{{ bound }}'{% endif %}
    {%- endset -%}
    {%- if run_query(listing).columns[0].values()[0] == 0 -%}
        {{ log("no " ~ source_name ~ " " ~ table_name ~ " object has landed under " ~ prefix
            ~ (" up to " ~ var('raw_date') if bound else "")
            ~ ": the " ~ source_name ~ " models are empty", info=True) }}
        {{ return(empty_raw_source(source_name, table_name)) }}
    {%- endif -%}
    {{ return(raw_json_rows(source_name, table_name, bound)) }}
{% endmacro %}

{#-
    Where the objects of a Raw JSON source land: the folder URL (var named by the
    source's `raw_prefix` config, in the bucket) and the glob below it (`raw_pattern`).
-#}
{% macro raw_json_location(source_name, table_name) %}
    {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
    {%- set prefix = 's3://' ~ var('lake_bucket') ~ '/'
        ~ node.config.raw_prefix ~ '/' -%}
    {{ return((prefix, node.config.raw_pattern)) }}
{% endmacro %}

{#-
    The `loaded_at_query` of a Raw JSON source (dbt source freshness): when its newest
    object was written, from the bucket listing; the epoch before anything has landed.
-#}
{% macro raw_json_landed_at(source_name, table_name) %}
    {%- set prefix, pattern = raw_json_location(source_name, table_name) -%}
    select coalesce(max(landed_at), cast('1970-01-01' as timestamp))
    from ({{ adapter.dispatch('file_listing_query', 'cinelake')(prefix ~ pattern, none) }}) as listing
{% endmacro %}

{#-
    Whether the build may list the lake. Linting compiles the models without one and
    sets var `lake_listing` to false (.sqlfluff); a build lists.
-#}
{% macro lake_listing() %}
    {{ return((var('lake_listing', true) | string | lower) not in ['false', 'no', 'off', '0']) }}
{% endmacro %}
