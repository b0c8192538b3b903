{#- Fails on lists that hold an element more than once. NULL lists pass. -#}
{% test list_elements_distinct(model, column_name) %}

select {{ column_name }} as list_with_repeats
from {{ model }}
where {{ list_length(column_name) }} <> {{ list_distinct_length(column_name) }}

{% endtest %}
