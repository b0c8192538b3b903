{#-
    Reading a Raw JSON source (TMDB responses, ingest manifests), per engine: a SELECT of
    the source's records, with `filename` (the object's bucket URL) where the source
    has it, of the objects whose key is below `bound` when given.

    DuckDB: the source relation is dbt-duckdb's `read_json(...)` (its
    `external_location`). Spark: a table over the files with Spark's JSON reader
    (multiLine: each object is one JSON document, an array of records or one record),
    typed with the source's `json_columns`; the glob of `raw_pattern` is applied to the
    keys, since Spark lists the folder recursively (the manifests of the TMDB client lie
    one folder deeper than its responses and must not match).
-#}
{% macro raw_json_rows(source_name, table_name, bound=none) -%}
    {{ return(adapter.dispatch('raw_json_rows', 'cinelake')(source_name, table_name, bound)) }}
{%- endmacro %}

{% macro default__raw_json_rows(source_name, table_name, bound) -%}
    select * from {{ source(source_name, table_name) }}
    {%- if bound %} where filename < '{{ bound }}'{% endif %}
{%- endmacro %}

{% macro spark__raw_json_rows(source_name, table_name, bound) -%}
    {#- referenced for the lineage; Spark reads the table below -#}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute -%}
        {{ return('select * from ' ~ relation) }}
    {%- endif -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
    {%- set prefix, pattern = raw_json_location(source_name, table_name) -%}
    {%- set table = spark_raw_table_name(source_name ~ '_' ~ table_name ~ '_all') -%}
    {%- if execute -%}
        {%- set ddl -%}
            create table {{ table }} (
                {%- for name, data_type in node.config.json_columns.items() %}
                {{ name }} {{ spark_type(data_type) }}{{ ',' if not loop.last }}
                {%- endfor %}
            )
            using json
            options (
                path '{{ lake_path(prefix) }}',
                recursiveFileLookup 'true',
                pathGlobFilter '*.json',
                multiLine 'true',
                mode 'FAILFAST'
            )
        {%- endset -%}
        {%- do spark_replace_raw_table(table, ddl) -%}
    {%- endif -%}
    select *
    from (
        select
            {%- for name in node.config.json_columns.keys() %}
            {{ name }},
            {%- endfor %}
            {{ lake_object_url('input_file_name()') }} as filename
        from {{ table }}
    ) as json_records
    where filename rlike '{{ glob_regex(prefix ~ pattern) }}'
    {%- if bound %}
        and filename < '{{ bound }}'
    {%- endif -%}
{%- endmacro %}
