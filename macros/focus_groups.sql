{#-
    The comedy & animation focus groups: each genre of var('focus_genres') and their
    union ('Comedy or Animation'). `focus_union_label()` names the union;
    `sql_strings(values)` writes a list of values as quoted SQL literals.
-#}
{% macro focus_union_label() -%}
    {{ return(var('focus_genres') | join(' or ')) }}
{%- endmacro %}

{% macro focus_groups() -%}
    {{ return(var('focus_genres') + [focus_union_label()]) }}
{%- endmacro %}

{% macro sql_strings(values) -%}
    '{{ values | join("', '") }}'
{%- endmacro %}
