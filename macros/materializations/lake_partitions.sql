{#-
    A model kept in the lake as Parquet partitioned by a date column, one object per
    partition (`<zone>/<model>/<column>=<value>/data_0.parquet`), each partition
    computed once, and a view in the warehouse that reads them all.

    The model's rows carry the version of the input they come from (config
    `partition_version`, e.g. [source_file, landed_at]); the model named by
    `partition_inputs` lists every input with the same columns plus the partition
    column. A partition is (re)written when one of its inputs is not in the lake yet at
    that version: a new load date, a date landed late, a date landed again with
    `--replace`. Nothing else is read or written, so a run with no new input costs a
    listing and a scan of the version columns.

    Each partition is written by its own COPY of the model's query filtered on the
    partition: DuckDB prunes the Raw files of other dates (the filter reaches the
    `filename` of the CSV reader), so memory is bounded by one date whatever the
    history, and an object lands whole or not at all: a run that stops half-way leaves
    the partitions it finished, and the next run computes the rest. `--full-refresh`
    (or an empty folder) clears the folder and writes every partition the same way, so
    it gives exactly what the incremental runs built.
-#}
{% materialization lake_partitions, adapter='duckdb' %}

    {%- set partition_by = config.require('partition_by') -%}
    {%- set version_columns = config.require('partition_version') -%}
    {%- set inputs = ref(config.require('partition_inputs')) -%}
    {%- set location = external_location(this, config) -%}
    {%- set files = location ~ '/*/*.parquet' -%}
    {%- set target_relation = this.incorporate(type='view') -%}
    {%- set existing_relation = load_cached_relation(this) -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- set query = sql -%}
    {%- if config.get('contract').enforced -%}
        {{ get_assert_columns_equivalent(sql) }}
        {%- set query = get_select_subquery(sql) -%}
    {%- endif -%}

    {%- set written = run_query("select count(*) from glob('" ~ files ~ "')").columns[0].values()[0] -%}
    {%- set rebuild = should_full_refresh() or written == 0 -%}
    {%- if rebuild -%}
        {#- an empty partitioned COPY with OVERWRITE empties the folder -#}
        {% call statement('clear_partitions') -%}
            copy (select * from ({{ query }}) as model_rows where false)
            to '{{ location }}' (format parquet, partition_by ({{ partition_by }}), overwrite)
        {%- endcall %}
        {%- set stale_query -%}
            select distinct {{ partition_by }} from {{ inputs }} order by 1
        {%- endset -%}
    {%- else -%}
        {%- set stale_query = stale_partitions_query(partition_by, version_columns, inputs,
            "read_parquet('" ~ files ~ "', hive_partitioning = false)") -%}
    {%- endif -%}
    {%- set stale = run_query(stale_query).columns[0].values() -%}
    {{ log(this.identifier ~ ": " ~ ('rebuilding' if rebuild else 'incremental') ~ ", "
        ~ stale | length ~ " " ~ partition_by ~ " partition(s) to write"
        ~ (": " ~ stale | join(', ') if stale else ""), info=True) }}

    {%- for value in stale %}
        {% call statement('write_partition') -%}
            copy (
                select * from ({{ query }}) as model_rows
                where {{ partition_by }} = '{{ value }}'
            ) to '{{ location }}/{{ partition_by }}={{ value }}/data_0.parquet' (format parquet)
        {%- endcall %}
    {%- endfor %}

    {% if existing_relation is not none and existing_relation.type != 'view' %}
        {{ adapter.drop_relation(existing_relation) }}
    {% endif %}

    {%- set any_written = run_query("select count(*) from glob('" ~ files ~ "')").columns[0].values()[0] > 0 -%}
    {% call statement('main') -%}
        create or replace view {{ target_relation }} as
        {% if any_written -%}
            select * from read_parquet('{{ files }}', hive_partitioning = false, union_by_name = false)
        {%- else -%}
            {#- no input yet: the model's columns and types, no rows -#}
            select * from ({{ query }}) as model_rows where false
        {%- endif %}
    {%- endcall %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do persist_docs(target_relation, model) %}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}
