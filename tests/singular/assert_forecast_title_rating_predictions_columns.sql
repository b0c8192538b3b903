-- The contract dbt cannot enforce on a Python model: title_rating_predictions has the
-- columns of its YAML entry, in that order and with those types (each engine's spelling
-- of them: on Spark the table is the Parquet that `cinelake spark predict` wrote).
{%- set relation = ref('title_rating_predictions') -%}
{%- set expected = [] -%}
{%- if execute -%}
    {%- set node = graph.nodes['model.cinelake.title_rating_predictions'] -%}
    {%- for column in node['columns'].values() -%}
        {%- set data_type = column_type_name(column['data_type']) -%}
        {%- do expected.append((loop.index, column['name'], data_type)) -%}
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
            ({{ position }}, '{{ name }}', {{ data_type }}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as expected_values (ordinal_position, column_name, data_type)

),

actual_columns as (

    {{ relation_columns(relation) }}

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
