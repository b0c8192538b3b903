{#-
    Fails on each key whose rows disagree on one of `columns` (NULL counts as a value):
    for data that repeats entity fields on every row, such as title fields on credit rows.
-#}
{% test consistent_within(model, key, columns) %}

select
    {{ key }},
    {%- for column in columns %}
    count(distinct coalesce(cast({{ column }} as string), '<null>')) as {{ column }}_values
    {{- "," if not loop.last }}
    {%- endfor %}
from {{ model }}
group by {{ key }}
having
    {%- for column in columns %}
    count(distinct coalesce(cast({{ column }} as string), '<null>')) > 1
    {{- " or" if not loop.last }}
    {%- endfor %}

{% endtest %}
