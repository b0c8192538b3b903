{#-
    A relation's columns as the engine's catalog has them, for the tests of a model
    without an enforced contract (dbt enforces none on Python models).
-#}

{#-
    A SELECT of the columns of `relation`: ordinal_position (from 1), column_name and
    data_type, the type upper-case in the engine's spelling (DuckDB `VARCHAR`, Spark
    `STRING`); no rows when the relation does not exist.
-#}
{% macro relation_columns(relation) -%}
    {{ return(adapter.dispatch('relation_columns', 'cinelake')(relation)) }}
{%- endmacro %}

{% macro default__relation_columns(relation) -%}
    select
        ordinal_position,
        column_name,
        data_type
    from information_schema.columns
    where
        table_catalog = '{{ relation.database }}'
        and table_schema = '{{ relation.schema }}'
        and table_name = '{{ relation.identifier }}'
{%- endmacro %}

{% macro spark__relation_columns(relation) -%}
    {#- Spark has no information_schema: dbt-spark describes the table -#}
    {%- set columns = adapter.get_columns_in_relation(relation) if execute else [] -%}
    {%- if columns -%}
        select * from (
            values
            {%- for column in columns %}
            ({{ loop.index }}, '{{ column.column }}', '{{ column.dtype | upper }}')
            {{- ',' if not loop.last }}
            {%- endfor %}
        ) as relation_columns (ordinal_position, column_name, data_type)
    {%- else -%}
        select
            cast(null as int) as ordinal_position,
            cast(null as string) as column_name,
            cast(null as string) as data_type
        where false
    {%- endif -%}
{%- endmacro %}

{#-
    SQL: the name `relation_columns` gives a column of the DuckDB type `data_type` (the
    spelling of the models' YAML: `varchar`, `integer`, ...) on this engine.
-#}
{% macro column_type_name(data_type) -%}
    {{ return(adapter.dispatch('column_type_name', 'cinelake')(data_type)) }}
{%- endmacro %}

{% macro default__column_type_name(data_type) -%}
    '{{ data_type | upper }}'
{%- endmacro %}

{% macro spark__column_type_name(data_type) -%}
    {#- Spark names its own types: `integer` is `INT`, `varchar` (a `string`) `STRING` -#}
    upper(typeof(cast(null as {{ spark_type(data_type) }})))
{%- endmacro %}
