{#-
    List (array) functions the two engines spell differently, for the few cases dbt's
    cross-database macros do not cover (`dbt.array_construct` builds list literals).
    NULL and empty lists behave the same on both: exploding either gives no rows.
-#}

{#- One row per element of `list` (a select-list item). -#}
{% macro explode_list(list) -%}
    {{ return(adapter.dispatch('explode_list', 'cinelake')(list)) }}
{%- endmacro %}

{% macro default__explode_list(list) -%}
    unnest({{ list }})
{%- endmacro %}

{% macro spark__explode_list(list) -%}
    explode({{ list }})
{%- endmacro %}

{#-
    One row per element of `list`: columns `value_name` (the element) and
    `position_name` (its 1-based position), as two select-list items.
-#}
{% macro explode_list_with_position(list, value_name, position_name) -%}
    {{ return(adapter.dispatch('explode_list_with_position', 'cinelake')(list, value_name, position_name)) }}
{%- endmacro %}

{% macro default__explode_list_with_position(list, value_name, position_name) -%}
    {#- unnest and generate_subscripts advance together: position i holds element i -#}
    unnest({{ list }}) as {{ value_name }},
    generate_subscripts({{ list }}, 1) as {{ position_name }}
{%- endmacro %}

{% macro spark__explode_list_with_position(list, value_name, position_name) -%}
    inline(transform({{ list }}, (element, offset) -> named_struct(
        '{{ value_name }}', element, '{{ position_name }}', offset + 1
    )))
{%- endmacro %}

{#- The number of elements (NULL for a NULL list). -#}
{% macro list_length(list) -%}
    {{ return(adapter.dispatch('list_length', 'cinelake')(list)) }}
{%- endmacro %}

{% macro default__list_length(list) -%}
    len({{ list }})
{%- endmacro %}

{% macro spark__list_length(list) -%}
    {#- Spark's size() of NULL is -1 unless ANSI mode is on (dbt-spark turns it off) -#}
    case when {{ list }} is not null then size({{ list }}) end
{%- endmacro %}

{#- The elements of `list` that are in `allowed`, in `list`'s order (NULL for NULL). -#}
{% macro list_keep(list, allowed) -%}
    {{ return(adapter.dispatch('list_keep', 'cinelake')(list, allowed)) }}
{%- endmacro %}

{% macro default__list_keep(list, allowed) -%}
    list_filter({{ list }}, lambda element: list_contains({{ allowed }}, element))
{%- endmacro %}

{% macro spark__list_keep(list, allowed) -%}
    filter({{ list }}, element -> array_contains({{ allowed }}, element))
{%- endmacro %}

{#- Whether the lists share an element (lists without NULL elements). -#}
{% macro lists_overlap(left, right) -%}
    {{ return(adapter.dispatch('lists_overlap', 'cinelake')(left, right)) }}
{%- endmacro %}

{% macro default__lists_overlap(left, right) -%}
    list_has_any({{ left }}, {{ right }})
{%- endmacro %}

{% macro spark__lists_overlap(left, right) -%}
    arrays_overlap({{ left }}, {{ right }})
{%- endmacro %}

{#- An empty list of strings. -#}
{% macro empty_string_list() -%}
    {{ return(adapter.dispatch('empty_string_list', 'cinelake')()) }}
{%- endmacro %}

{% macro default__empty_string_list() -%}
    cast([] as varchar[])
{%- endmacro %}

{% macro spark__empty_string_list() -%}
    cast(array() as array<string>)
{%- endmacro %}

{#-
    An aggregate: `value` at the row of the smallest `key`, over the rows where `value`
    is not NULL (DuckDB's arg_min skips them; Spark's min_by would not).
-#}
{% macro arg_min_not_null(value, key) -%}
    {{ return(adapter.dispatch('arg_min_not_null', 'cinelake')(value, key)) }}
{%- endmacro %}

{% macro default__arg_min_not_null(value, key) -%}
    arg_min({{ value }}, {{ key }})
{%- endmacro %}

{% macro spark__arg_min_not_null(value, key) -%}
    min_by({{ value }}, case when {{ value }} is not null then {{ key }} end)
{%- endmacro %}

{% macro arg_max_not_null(value, key) -%}
    {{ return(adapter.dispatch('arg_max_not_null', 'cinelake')(value, key)) }}
{%- endmacro %}

{% macro default__arg_max_not_null(value, key) -%}
    max_by({{ value }}, {{ key }})
{%- endmacro %}

{% macro spark__arg_max_not_null(value, key) -%}
    max_by({{ value }}, case when {{ value }} is not null then {{ key }} end)
{%- endmacro %}

{#- An aggregate: the values of `expression` as a list, in the order of `order_by`. -#}
{% macro list_agg_ordered(expression, order_by) -%}
    {{ return(adapter.dispatch('list_agg_ordered', 'cinelake')(expression, order_by)) }}
{%- endmacro %}

{% macro default__list_agg_ordered(expression, order_by) -%}
    list({{ expression }} order by {{ order_by }})
{%- endmacro %}

{% macro spark__list_agg_ordered(expression, order_by) -%}
    transform(
        array_sort(collect_list(named_struct('sort_key', {{ order_by }}, 'value', {{ expression }}))),
        pair -> pair.value
    )
{%- endmacro %}

{#- The number of distinct elements of `list` (NULL for NULL). -#}
{% macro list_distinct_length(list) -%}
    {{ return(adapter.dispatch('list_distinct_length', 'cinelake')(list)) }}
{%- endmacro %}

{% macro default__list_distinct_length(list) -%}
    len(list_distinct({{ list }}))
{%- endmacro %}

{% macro spark__list_distinct_length(list) -%}
    case when {{ list }} is not null then size(array_distinct({{ list }})) end
{%- endmacro %}
