{#- A stable person id from name and birth year: 'nm' + 16 hex digits of an md5. -#}
{% macro person_key(name_column, birth_year_column) -%}
    'nm' || left(md5(lower(trim({{ name_column }})) || '|' || coalesce(cast({{ birth_year_column }} as {{ dbt.type_string() }}), '?')), 16)
{%- endmacro %}
