-- title_rating_predictions and model_metrics are DuckDB-only (README, Spark)
{{ config(enabled=target.type != 'spark') }}

-- The contract dbt cannot enforce on a Python model: title_rating_predictions has the
-- columns of its YAML entry, in that order and with those types.
{%- set relation = ref('title_rating_predictions') -%}
{%- set expected = [] -%}
{%- if execute -%}
    {%- set node = graph.nodes['model.cinelake.title_rating_predictions'] -%}
    {%- for column in node['columns'].values() -%}
        {%- do expected.append((loop.index, column['name'], column['data_type'] | upper)) -%}
    {%- endfor -%}
{%- endif %}

with

expected_columns as (

    select
        expected_values.ordinal_position,
        expected_values.column_name,
        expected_values.data_type

    from (
        values
        {%- for position, name, data_type in expected %}
            ({{ position }}, '{{ name }}', '{{ data_type }}'){{ ',' if not loop.last }}
        {%- endfor %}
    ) as expected_values (ordinal_position, column_name, data_type)

),

actual_columns as (

    select
        ordinal_position,
        column_name,
        data_type

    from information_schema.columns
    where
        table_catalog = '{{ relation.database }}'
        and table_schema = '{{ relation.schema }}'
        and table_name = '{{ relation.identifier }}'

)

select
    coalesce(expected_columns.ordinal_position, actual_columns.ordinal_position)
        as ordinal_position,
    expected_columns.column_name as expected_column,
    actual_columns.column_name as actual_column,
    expected_columns.data_type as expected_type,
    actual_columns.data_type as actual_type

from expected_columns
full outer join actual_columns
    on expected_columns.ordinal_position = actual_columns.ordinal_position
where
    expected_columns.column_name is distinct from actual_columns.column_name
    or expected_columns.data_type is distinct from actual_columns.data_type
