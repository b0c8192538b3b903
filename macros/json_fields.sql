{#-
    Reading fields out of a JSON column (the TMDB bodies). Every function that differs
    between engines is behind `adapter.dispatch(..., 'cinelake')`: the DuckDB spelling
    here, a Spark one beside it. `path` is a JSONPath below the root without the `$.`
    (`budget`, `genres[*].id`). A field that is absent or JSON null gives NULL; strings
    come back as they are (the models turn "" into NULL).
-#}

{#- The field as text (a string without its quotes, a number as written). -#}
{% macro json_text(column, path) -%}
    {{ return(adapter.dispatch('json_text', 'cinelake')(column, path)) }}
{%- endmacro %}

{% macro default__json_text(column, path) -%}
    json_extract_string({{ column }}, '$.{{ path }}')
{%- endmacro %}

{% macro spark__json_text(column, path) -%}
    get_json_object({{ column }}, '$.{{ path }}')
{%- endmacro %}

{#-
    A list: the values `path` selects (it holds `[*]`) as `element_type` (`varchar` or
    `integer`), without NULLs and empty strings; an empty list when the array is empty
    or absent.
-#}
{% macro json_list(column, path, element_type='varchar') -%}
    {{ return(adapter.dispatch('json_list', 'cinelake')(column, path, element_type)) }}
{%- endmacro %}

{% macro default__json_list(column, path, element_type) -%}
    coalesce(
        list_filter(
            json_extract_string({{ column }}, '$.{{ path }}'),
            lambda value: coalesce(value, '') != ''
        ),
        []
    )::{{ element_type }}[]
{%- endmacro %}

{% macro spark__json_list(column, path, element_type) -%}
    {#- Spark's get_json_object unwraps a one-element result: parse the array itself -#}
    {%- set array_path, _, field = path.partition('[*]') -%}
    cast(
        filter(
            transform(
                coalesce(
                    from_json(get_json_object({{ column }}, '$.{{ array_path }}'), 'array<string>'),
                    array()
                ),
                value -> {{ "get_json_object(value, '$" ~ field ~ "')" if field else "value" }}
            ),
            value -> coalesce(value, '') != ''
        ) as array<{{ 'int' if element_type == 'integer' else 'string' }}>
    )
{%- endmacro %}

{#- A JSON text that is a number, as a double; NULL when it is not one. -#}
{% macro json_number(column, path) -%}
    try_cast({{ json_text(column, path) }} as double)
{%- endmacro %}

{#-
    A JSON text that is a date (YYYY-MM-DD); NULL for "" and anything else. The shape is
    checked first: Spark's cast reads a bare year ("2019") or a year and month as a date,
    DuckDB's does not.
-#}
{% macro json_date(column, path) -%}
    {%- set text = json_text(column, path) -%}
    case when {{ regexp_full_match(text, "'[0-9]{4}-[0-9]{2}-[0-9]{2}'") }}
        then try_cast({{ text }} as date) end
{%- endmacro %}

{#- A timestamp with time zone as the UTC wall-clock time (a timestamp without one). -#}
{% macro utc_timestamp(column) -%}
    {{ return(adapter.dispatch('utc_timestamp', 'cinelake')(column)) }}
{%- endmacro %}

{% macro default__utc_timestamp(column) -%}
    timezone('UTC', {{ column }})
{%- endmacro %}

{% macro spark__utc_timestamp(column) -%}
    to_utc_timestamp({{ column }}, current_timezone())
{%- endmacro %}
