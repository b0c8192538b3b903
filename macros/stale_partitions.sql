{#-
    The partitions of a model kept by partition with the version of its inputs (configs
    `partition_by`, `partition_version`, `partition_inputs`: see
    models/trusted/title_snapshots.sql): those with an input not yet written
    at its version. `written` is what holds the model's rows so far: the model itself
    while it builds, the published table when a build publishes it.
-#}
{% macro stale_partitions_query(partition_by, version_columns, inputs, written) -%}
    {%- set compared = ([partition_by] + version_columns) | join(', ') -%}
    select distinct {{ partition_by }} from (
        select {{ compared }} from {{ inputs }}
        except
        select {{ compared }} from {{ written }}
    ) as unseen
    order by 1
{%- endmacro %}

{#-
    SQL: `column` is one of the model's stale partitions, as literals found when the
    model runs. Literals, not a subquery: Spark prunes the Raw files only on a filter it
    can evaluate before the scan (the load date comes from the file path), so an
    incremental run reads the new dates' files alone. `false` when nothing is stale.
-#}
{% macro stale_partitions_filter(column) -%}
    {%- if not execute -%}
        {{ return('false') }}
    {%- endif -%}
    {%- set stale = run_query(stale_partitions_query(
        config.require('partition_by'),
        config.require('partition_version'),
        ref(config.require('partition_inputs')),
        this)).columns[0].values() -%}
    {{ log(this.identifier ~ ": incremental, " ~ stale | length ~ " partition(s) to write"
        ~ (": " ~ stale | join(', ') if stale else ""), info=True) }}
    {%- if not stale -%}
        {{ return('false') }}
    {%- endif -%}
    {%- set literals = [] -%}
    {%- for value in stale -%}
        {%- do literals.append("cast('" ~ value ~ "' as date)") -%}
    {%- endfor -%}
    {{ return(column ~ ' in (' ~ literals | join(', ') ~ ')') }}
{%- endmacro %}
