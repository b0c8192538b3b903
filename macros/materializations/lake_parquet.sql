{#-
    Parquet written straight from the model's query with a single COPY, then a view in
    the warehouse that reads it back. dbt-duckdb's `external` materialization first
    builds the whole result as a table in the warehouse file and then copies it out,
    which doubles the work for large models. Contracts are enforced as for tables:
    column names and types are checked before anything is written, and the columns are
    written in the contract's order.

    Kept because it pays: on the real-scale sample (245,000 movie titles: 1.05M movie
    and 0.47M series rows), `dbt run` of every model took 39.5 and 39.2 s with it
    against 52.6 and 54.0 s with `external` (two rounds each, 2 cores, 2026-11-30), and
    `make bench-build` prints the same comparison on every run (var
    `parquet_materialization`). It relies on dbt-duckdb 1.11.1: the adapter methods
    `external_write_options` and `external_read_location`, the macro
    `render_write_options`, and Python models landing in a scratch table through
    `create_table_as(..., 'python')`. Re-measure when upgrading dbt-duckdb.
-#}
{% materialization lake_parquet, adapter='duckdb', supported_languages=['sql', 'python'] %}

    {%- set location = external_location(this, config) -%}
    {%- set rendered_options = render_write_options(config) -%}
    {%- set write_options = adapter.external_write_options(location, rendered_options) -%}
    {%- set read_location = adapter.external_read_location(location, rendered_options) -%}
    {%- set target_relation = this.incorporate(type='view') -%}
    {%- set existing_relation = load_cached_relation(this) -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- if model['language'] == 'python' -%}
        {#- A Python model yields a DataFrame: land it in a scratch table, then copy. -#}
        {%- set scratch = make_temp_relation(this.incorporate(type='table'), suffix='__dbt_py') -%}
        {{ drop_relation_if_exists(scratch) }}
        {% call statement('python_model', language='python') -%}
            {{- create_table_as(False, scratch, compiled_code, 'python') }}
        {%- endcall %}
        {%- set query = 'select * from ' ~ scratch -%}
    {%- else -%}
        {%- set query = sql -%}
        {%- if config.get('contract').enforced -%}
            {{ get_assert_columns_equivalent(sql) }}
            {%- set query = get_select_subquery(sql) -%}
        {%- endif -%}
    {%- endif %}

    {% call statement('write_parquet') -%}
        copy ({{ query }}) to '{{ location }}' ({{ write_options }})
    {%- endcall %}

    {% if model['language'] == 'python' %}
        {{ drop_relation_if_exists(scratch) }}
    {% endif %}

    {% if existing_relation is not none and existing_relation.type != 'view' %}
        {{ adapter.drop_relation(existing_relation) }}
    {% endif %}

    {% call statement('main') -%}
        create or replace view {{ target_relation }} as
        select * from read_parquet('{{ read_location }}', union_by_name = false)
    {%- endcall %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do persist_docs(target_relation, model) %}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}
