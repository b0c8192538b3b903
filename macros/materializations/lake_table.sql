{#-
    A table in the lake's Iceberg catalog, which dbt-duckdb's `table` cannot write: it
    builds `x__dbt_tmp` and renames it, and the catalog refuses a rename in a
    transaction, and `create or replace` altogether. The table is a staged one
    (generate_schema_name), which no reader looks at until `publish_staged_tables`
    publishes it, so it is simply dropped and created again: a fresh table of one
    build's files, which publishing copies whole. The catalog refuses a table created
    and written in one transaction, so each step commits on its own. Config
    `partition_by`: the Iceberg partition column, set before the rows land. Python
    models land their DataFrame in a scratch table of the warehouse file first.
-#}
{% materialization lake_table, adapter='duckdb', supported_languages=['sql', 'python'] %}

    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {#- Iceberg partitioning; a table of the warehouse file (no catalog) has none -#}
    {%- set partition_by = config.get('partition_by') if published_in_catalog(this) else none -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- if model['language'] == 'python' -%}
        {%- set scratch = api.Relation.create(database=target.database, schema='build_log',
            identifier=this.identifier ~ '__dbt_py', type='table') -%}
        {% do run_query('create schema if not exists ' ~ scratch.without_identifier()) %}
        {{ drop_relation_if_exists(scratch) }}
        {% call statement('python_model', language='python') -%}
            {{- create_table_as(False, scratch, compiled_code, 'python') }}
        {%- endcall %}
        {#- a transaction writes to one database: the scratch table's commit first -#}
        {{ adapter.commit() }}
        {%- set query = 'select * from ' ~ scratch -%}
    {%- else -%}
        {%- set query = sql -%}
        {%- if config.get('contract').enforced -%}
            {{ get_assert_columns_equivalent(sql) }}
            {%- set query = get_select_subquery(sql) -%}
        {%- endif -%}
    {%- endif -%}

    {%- if existing_relation is not none %}
        {% do run_query('drop table if exists ' ~ existing_relation) %}
        {{ adapter.commit() }}
    {%- endif %}
    {% do run_query('create schema if not exists ' ~ target_relation.without_identifier()) %}
    {%- if partition_by %}
        {% call statement('create_empty') -%}
            create table {{ target_relation }} as select * from ({{ query }}) as model_rows limit 0
        {%- endcall %}
        {% call statement('partition') -%}
            alter table {{ target_relation }} set partitioned by ({{ partition_by }})
        {%- endcall %}
        {{ adapter.commit() }}
        {% call statement('main') -%}
            insert into {{ target_relation }} select * from ({{ query }}) as model_rows
        {%- endcall %}
    {%- else %}
        {% call statement('main') -%}
            create table {{ target_relation }} as select * from ({{ query }}) as model_rows
        {%- endcall %}
    {%- endif %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {%- if model['language'] == 'python' -%}
        {{ drop_relation_if_exists(scratch) }}
        {{ adapter.commit() }}
    {%- endif -%}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}

{#-
    SQL for a post-hook of a stock dbt model in the catalog (title_snapshots, whose first
    run is dbt's own CREATE TABLE AS): the Iceberg partitioning of the rows written from
    then on. Setting the same partitioning again changes nothing.
-#}
{% macro iceberg_partitioned_by(column) -%}
    {%- if target.type == 'duckdb' and published_in_catalog(this) -%}
        alter table {{ this }} set partitioned by ({{ column }})
    {%- endif -%}
{%- endmacro %}

{#-
    dbt-duckdb's drop, without CASCADE in an Iceberg catalog (which refuses it), so that
    dbt's own `adapter.drop_relation` works on the lake's tables.
-#}
{% macro duckdb__drop_relation(relation) -%}
    {% call statement('drop_relation', auto_begin=False) -%}
        drop {{ relation.type }} if exists {{ relation }}
        {%- if not published_in_catalog(relation) and not adapter.is_ducklake(relation) %} cascade{% endif %}
    {%- endcall %}
{%- endmacro %}

{#-
    On-run-start of a --full-refresh: drop the staged tables of dbt's incremental models
    in the catalog first. dbt-duckdb rebuilds an existing table by renaming a new one
    into place, which the catalog refuses; a table that is gone is simply created.
-#}
{% macro drop_staged_incremental_tables() -%}
    {%- if execute and flags.FULL_REFRESH and target.type == 'duckdb' -%}
        {%- for node in graph.nodes.values() if node.resource_type == 'model'
            and node.config.materialized == 'incremental' and node.config.get('publish') -%}
            {%- set relation = adapter.get_relation(node.database, node.schema, node.alias) -%}
            {%- if relation is not none and published_in_catalog(relation) -%}
                {%- do adapter.drop_relation(relation) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
