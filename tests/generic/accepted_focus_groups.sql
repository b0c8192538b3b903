{#-
    Fails on values that are not a focus group: a genre of var('focus_genres') or their
    union label (`focus_groups()`), or one of `also` (e.g. 'All titles'). NULLs pass.
-#}
{% test accepted_focus_groups(model, column_name, also=[]) %}

select {{ column_name }} as unexpected_value
from {{ model }}
where {{ column_name }} not in ({{ sql_strings(also + focus_groups()) }})

{% endtest %}
