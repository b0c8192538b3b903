{#- Fails on rows where the column is not strictly before `later_column`. NULLs pass. -#}
{% test is_before(model, column_name, later_column) %}

select
    {{ column_name }} as earlier_value,
    {{ later_column }} as later_value
from {{ model }}
where {{ column_name }} >= {{ later_column }}

{% endtest %}
