{#- Fails on lists whose length is outside [min_length, max_length]. NULL lists pass. -#}
{% test list_length_between(model, column_name, min_length=0, max_length=none) %}

select {{ column_name }} as offending_list
from {{ model }}
where {{ list_length(column_name) }} < {{ min_length }}
{%- if max_length is not none %} or {{ list_length(column_name) }} > {{ max_length }}{% endif %}

{% endtest %}
