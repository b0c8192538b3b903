{#-
    Money measures from the TMDB fields, the same everywhere they are used.
    `roi(budget, revenue)`: (revenue - budget) / budget, rounded to 4 decimals; NULL
    unless both are known and the budget is at least var('tmdb_min_budget') dollars
    (TMDB has junk budgets of 1, 5, 100: their "ROI" would be millions).
-#}
{% macro roi(budget, revenue) -%}
    case
        when {{ budget }} >= {{ var('tmdb_min_budget') }}
            then round(cast(({{ revenue }} - {{ budget }}) as double) / {{ budget }}, 4)
    end
{%- endmacro %}

{#- The budget as a credible amount: NULL below var('tmdb_min_budget'). -#}
{% macro credible_budget(budget) -%}
    case when {{ budget }} >= {{ var('tmdb_min_budget') }} then {{ budget }} end
{%- endmacro %}

{#-
    The budget bands, from var('budget_band_bounds') (ascending, in dollars): a list of
    (order, label, lower bound or none, upper bound or none). Order 0 is `unknown`.
-#}
{% macro budget_bands() %}
    {%- set bounds = var('budget_band_bounds') | map('int') | list -%}
    {%- set bands = [(0, 'unknown', none, none)] -%}
    {%- for bound in bounds -%}
        {%- if loop.first -%}
            {%- do bands.append((1, 'under ' ~ money_label(bound), none, bound)) -%}
        {%- else -%}
            {%- do bands.append((loop.index, money_label(bounds[loop.index0 - 1]) ~ ' to ' ~ money_label(bound), bounds[loop.index0 - 1], bound)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if bounds -%}
        {%- do bands.append((bounds | length + 1, money_label(bounds[-1]) ~ ' and more', bounds[-1], none)) -%}
    {%- endif -%}
    {{ return(bands) }}
{% endmacro %}

{#- 1000000 -> 1M, 2500000 -> 2.5M, 50000 -> 50K, 2000000000 -> 2B -#}
{% macro money_label(amount) -%}
    {%- if amount >= 1000000000 -%}
        {%- set size, suffix = 1000000000, 'B' -%}
    {%- elif amount >= 1000000 -%}
        {%- set size, suffix = 1000000, 'M' -%}
    {%- elif amount >= 1000 -%}
        {%- set size, suffix = 1000, 'K' -%}
    {%- else -%}
        {%- set size, suffix = 1, '' -%}
    {%- endif -%}
    {%- set value = amount / size -%}
    {{- (value | int if value == value | int else value | round(2)) ~ suffix -}}
{%- endmacro %}

{#- The order (see `budget_bands`) of the band of a budget column. -#}
{% macro budget_band_order(budget) -%}
    {%- set bands = budget_bands() -%}
    case
        when {{ credible_budget(budget) }} is null then 0
        {%- for order, label, lower, upper in bands if order > 0 and upper is not none %}
        when {{ budget }} < {{ upper }} then {{ order }}
        {%- endfor %}
        else {{ bands | length - 1 }}
    end
{%- endmacro %}
