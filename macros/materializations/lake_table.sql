{#-
    A table that can live in an Iceberg catalog, which dbt-duckdb's `table` cannot: it
    builds `x__dbt_tmp` and renames it, and the catalog refuses a rename in a
    transaction, and `create or replace` altogether. This replaces the rows instead:
    `delete` + `insert` in one transaction (two snapshots, committed together), and
    drops and creates the table when it is new, its columns changed or it is a staged
    table (below), in commits of their own (the catalog refuses a table created and
    written in one transaction).
    The table is a staged one (generate_schema_name): readers see it only once
    `publish_staged_tables` copies it. Config `partition_by`: the Iceberg partition
    column, set before the first rows land. Python models land their DataFrame in a
    scratch table of the warehouse file first.
-#}
{% materialization lake_table, adapter='duckdb', supported_languages=['sql', 'python'] %}

    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_cached_relation(this) -%}

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
        {#- one transaction writes to one database: the scratch table's commits alone -#}
        {{ adapter.commit() }}
        {%- set query = 'select * from ' ~ scratch -%}
    {%- else -%}
        {%- set query = sql -%}
        {%- if config.get('contract').enforced -%}
            {{ get_assert_columns_equivalent(sql) }}
            {%- set query = get_select_subquery(sql) -%}
        {%- endif -%}
    {%- endif -%}

    {#- A staged table (config `publish`) keeps no history anyone reads, so it is dropped
        and created anew on every build: DuckDB's iceberg extension (1.5.5) writes a
        `delete from` of every row as position deletes and keeps the old data files, so
        a delete + insert would add one more copy per build that every later read (tests,
        downstream models, the publish copy) scans and masks (`make bench-build`). -#}
    {%- set recreate = existing_relation is none or config.get('publish')
        or relation_shape(existing_relation) != relation_shape('select * from (' ~ query ~ ')') -%}
    {%- if recreate %}
        {%- if existing_relation is not none -%}
            {#- not adapter.drop_relation: its DROP ... CASCADE is refused for Iceberg -#}
            {% do run_query('drop table ' ~ existing_relation) %}
            {{ adapter.commit() }}
        {%- endif %}
        {% do run_query('create schema if not exists ' ~ target_relation.without_identifier()) %}
        {% call statement('create_empty') -%}
            create table {{ target_relation }} as select * from ({{ query }}) as model_rows limit 0
        {%- endcall %}
        {%- if config.get('partition_by') %}
            {% call statement('partition') -%}
                alter table {{ target_relation }} set partitioned by ({{ config.get('partition_by') }})
            {%- endcall %}
        {%- endif %}
        {{ adapter.commit() }}
    {%- endif %}

    {% call statement('main') -%}
        {%- if not recreate %}
        delete from {{ target_relation }};
        {%- endif %}
        insert into {{ target_relation }} select * from ({{ query }}) as model_rows
    {%- endcall %}

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
    The column names and types of a relation or a parenthesised query, as DuckDB's
    DESCRIBE has them (information_schema lists a placeholder column for an Iceberg
    table the session has not loaded yet).
-#}
{% macro relation_shape(relation_or_query) -%}
    {%- set described = run_query('describe ' ~ relation_or_query) -%}
    {{ return(described.columns[0].values() | list + described.columns[1].values() | list) }}
{%- endmacro %}
