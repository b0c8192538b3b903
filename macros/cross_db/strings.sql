{#- String functions the two engines spell differently. -#}

{#-
    An aggregate: the non-NULL values of `expression` joined by `separator` (a SQL
    string), in the order of `order_by`, over the rows where `condition` holds; NULL
    when there are none.
-#}
{% macro string_agg_ordered(expression, separator, order_by, condition='true') -%}
    {{ return(adapter.dispatch('string_agg_ordered', 'cinelake')(expression, separator, order_by, condition)) }}
{%- endmacro %}

{% macro default__string_agg_ordered(expression, separator, order_by, condition) -%}
    string_agg({{ expression }}, {{ separator }} order by {{ order_by }})
    filter (where {{ condition }})
{%- endmacro %}

{% macro spark__string_agg_ordered(expression, separator, order_by, condition) -%}
    nullif(array_join(transform(
        array_sort(collect_list(named_struct('sort_key', {{ order_by }}, 'value', {{ expression }}))
            filter (where {{ condition }} and {{ expression }} is not null)),
        pair -> pair.value
    ), {{ separator }}), '')
{%- endmacro %}

{#- Whether `value` matches the regular expression `pattern` (a SQL string) in full. -#}
{% macro regexp_full_match(value, pattern) -%}
    {{ return(adapter.dispatch('regexp_full_match', 'cinelake')(value, pattern)) }}
{%- endmacro %}

{% macro default__regexp_full_match(value, pattern) -%}
    regexp_full_match({{ value }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regexp_full_match(value, pattern) -%}
    {{ value }} rlike concat('^(?:', {{ pattern }}, ')$')
{%- endmacro %}

{#- `text` without the characters of `characters` (a SQL string) at either end. -#}
{% macro trim_chars(text, characters) -%}
    {{ return(adapter.dispatch('trim_chars', 'cinelake')(text, characters)) }}
{%- endmacro %}

{% macro default__trim_chars(text, characters) -%}
    trim({{ text }}, {{ characters }})
{%- endmacro %}

{% macro spark__trim_chars(text, characters) -%}
    btrim({{ text }}, {{ characters }})
{%- endmacro %}
