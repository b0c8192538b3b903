{#-
    A stand-in for a Raw source when no file of its kind has landed: zero rows with
    the source's columns and types. The staging model must not scan the source then (a
    read_csv or read_json glob that matches no file fails when the query is bound), yet
    its models must keep their columns and types so that the rest builds without it.
    The types are not written here again: they come from the source's `csv_columns`
    config (models/staging/imdb/_imdb__sources.yml) or `json_columns` config
    (models/staging/tmdb/_tmdb__sources.yml), the same mapping its reader is given,
    plus the `filename` column that the reader adds.
-#}
{% macro empty_raw_source(source_name, table_name) %}
    {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
    {%- set typed = node.config.get('csv_columns') or node.config.get('json_columns') -%}
    {%- set columns = [] -%}
    {%- for name, data_type in typed.items() -%}
        {%- do columns.append((name, data_type)) -%}
    {%- endfor -%}
    {%- do columns.append(('filename', 'varchar')) -%}
    {{ return(adapter.dispatch('empty_relation', 'cinelake')(columns)) }}
{% endmacro %}

{#-
    Zero rows with the given (name, SQL type) columns, in that order: a typed empty
    relation. Dispatched, so an engine that spells it otherwise can override it.
-#}
{% macro default__empty_relation(columns) -%}
    select
    {%- for name, data_type in columns %}
        cast(null as {{ data_type }}) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
    where false
{%- endmacro %}
