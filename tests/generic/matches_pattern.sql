{#- Fails on values that do not match the regular expression `pattern` in full. NULLs pass. -#}
{% test matches_pattern(model, column_name, pattern) %}

select {{ column_name }} as unmatched_value
from {{ model }}
where not {{ regexp_full_match(column_name, "'" ~ pattern ~ "'") }}

{% endtest %}
