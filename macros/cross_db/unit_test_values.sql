{#-
    Unit-test values on Spark. dbt renders each value of a unit test's given or expected
    rows as `safe_cast(<SQL literal>, <column type>)`; dbt-spark's spark__safe_cast
    (dbt/include/spark/macros/utils/safe_cast.sql) strips the quotes of a string given
    for an array, struct or map column and casts the bare text, so a list written as on
    DuckDB, `"[DE, US]"`, became `cast([DE, US] as array<string>)`, which Spark cannot
    parse. Here a list text of an array column is spelled as Spark's array literal
    instead (`cast(array('DE', 'US') as array<string>)`), with DuckDB's reading of a
    list text: `[]` is empty, elements are split on commas and trimmed, quotes around an
    element are dropped and an unquoted `null` is NULL (unlike DuckDB, a quoted element
    cannot hold a comma, and lists do not nest). So a unit test states its lists once
    and runs on both engines. Everything else is dbt-spark's own macro, unchanged.
-#}
{% macro spark__safe_cast(field, type) -%}
    {%- if field is string and type.lower().startswith('array<')
        and field.startswith("'[") and field.endswith("]'") -%}
        cast({{ spark_array_of_list_text(field[2:-2]) }} as {{ type }})
    {%- else -%}
        {{ dbt.spark__safe_cast(field, type) }}
    {%- endif -%}
{%- endmacro %}

{#-
    Spark: `array(...)` of the elements of a list text's inside (`DE, US`), each as a
    string literal, or NULL; the cast around it gives the elements the column's type.
    The text is already a SQL string literal's inside (its quotes escaped by dbt).
-#}
{% macro spark_array_of_list_text(inside) -%}
    {%- set elements = [] -%}
    {%- if inside | trim -%}
        {%- for part in inside.split(',') -%}
            {%- set element = part | trim -%}
            {%- if element | lower == 'null' -%}
                {%- do elements.append('null') -%}
            {%- elif element[:2] == "\\'" and element[-2:] == "\\'" and element | length >= 4 -%}
                {%- do elements.append("'" ~ element[2:-2] ~ "'") -%}
            {%- elif element[:1] == '"' and element[-1:] == '"' and element | length >= 2 -%}
                {%- do elements.append("'" ~ element[1:-1] ~ "'") -%}
            {%- else -%}
                {%- do elements.append("'" ~ element ~ "'") -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    array({{ elements | join(', ') }})
{%- endmacro %}
