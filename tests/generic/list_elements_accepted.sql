{#-
    Fails on list elements outside `values`, or taken from `values_from` (a ref and
    column), or, with `pattern`, that do not match that regular expression in full.
-#}
{% test list_elements_accepted(model, column_name, values=none, values_from=none, field=none, pattern=none) %}

with elements as (
    select {{ explode_list(column_name) }} as element from {{ model }}
)

select element as unexpected_element
from elements
where
    {%- if pattern is not none %}
    not {{ regexp_full_match('element', "'" ~ pattern ~ "'") }}
    {%- else %}
    element not in (
        {%- if values_from is not none %}
        select {{ field }} from {{ values_from }}
        {%- else %}
        {%- for value in values %}'{{ value }}'{{ "," if not loop.last }}{% endfor %}
        {%- endif %}
    )
    {%- endif %}

{% endtest %}
