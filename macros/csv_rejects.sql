{#-
    DuckDB's CSV reader (store_rejects=true in the `imdb` source) records every row it
    cannot parse or cast in the connection's temporary tables reject_scans and
    reject_errors. These hooks run on the connection of each model that reads the Raw
    files (the newest partition, and every partition for the history): the pre-hook
    clears what earlier queries left, the post-hook keeps that read's rejects in a real
    table, a source of `build_log` (declared in models/audit/_build_log__sources.yml,
    which names the table), that the `raw_rejects` model publishes.
-#}
{% macro clear_csv_rejects() -%}
    {{ return(adapter.dispatch('clear_csv_rejects', 'cinelake')()) }}
{%- endmacro %}

{% macro persist_csv_rejects(log_table='csv_rejects') -%}
    {{ return(adapter.dispatch('persist_csv_rejects', 'cinelake')(log_table)) }}
{%- endmacro %}

{% macro persist_csv_rejects_of_loads(listing, log_table='csv_rejects_all_loads') -%}
    {{ return(adapter.dispatch('persist_csv_rejects_of_loads', 'cinelake')(listing, log_table)) }}
{%- endmacro %}

{% macro default__clear_csv_rejects() %}
    drop table if exists temp.reject_errors;
    drop table if exists temp.reject_scans
{% endmacro %}

{% macro default__persist_csv_rejects(log_table) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set log_relation = build_log_relation(log_table) -%}
    create schema if not exists {{ log_relation.without_identifier() }};
    create or replace table {{ log_relation }} as
    {{ csv_rejects_read_now() }}
{% endmacro %}

{#-
    The same for the history read (`title_snapshots`), which reads only the load dates
    it (re)computes: this read's rejects are added to those already kept, and only the
    rows of Raw objects still landed at the same version (key and `landed_at` in
    `listing`, the model listing the Raw objects) stay, so a replaced file's old rejects
    go. A full refresh starts the log afresh.
-#}
{% macro default__persist_csv_rejects_of_loads(listing, log_table) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set log_relation = build_log_relation(log_table) -%}
    create schema if not exists {{ log_relation.without_identifier() }};
    {%- set probe -%}
        select count(*) filter (where column_name = 'landed_at'), count(*)
        from information_schema.columns
        where table_catalog = '{{ log_relation.database }}' and table_schema = '{{ log_relation.schema }}'
            and table_name = '{{ log_relation.identifier }}'
    {%- endset -%}
    {%- set found = run_query(probe).rows[0] -%}
    {%- if found[1] > 0 and found[0] == 0 %}
    -- written by a cinelake before the history was incremental: start it afresh
    drop table {{ log_relation }};
    {%- endif %}
    create table if not exists {{ log_relation }} as
    select cast(null as timestamp) as landed_at, * from ({{ csv_rejects_read_now(empty=true) }}) as none_yet;
    {% if flags.FULL_REFRESH %}delete from {{ log_relation }};{% endif %}
    create or replace table {{ log_relation }} as
    with

    read_now as (

        select landed.landed_at, rejects.*
        from ({{ csv_rejects_read_now() }}) as rejects
        inner join {{ listing }} as landed on rejects.source_file = landed.source_file

    ),

    kept as (

        select * from {{ log_relation }}
        union
        select * from read_now

    )

    select * from kept
    where exists (
        select 1 from {{ listing }} as landed
        where landed.source_file = kept.source_file and landed.landed_at = kept.landed_at
    )
{% endmacro %}

{#- The build-log table `log_table` (a `build_log` source: the YAML names it). -#}
{% macro build_log_relation(log_table) %}
    {%- set log_node = graph.sources['source.' ~ project_name ~ '.build_log.' ~ log_table] -%}
    {{ return(api.Relation.create(
        database=log_node.database, schema=log_node.schema, identifier=log_node.identifier
    )) }}
{% endmacro %}

{#-
    The rows the CSV reader rejected on this connection since the pre-hook cleared them,
    one per failing column of a line; no rows (same columns) when there are none, or
    with empty=true.
-#}
{% macro csv_rejects_read_now(empty=false) %}
    {%- set probe -%}
        select count(*) from duckdb_tables() where temporary and table_name = 'reject_errors'
    {%- endset -%}
    {%- if empty or run_query(probe).columns[0].values()[0] == 0 -%}
    select null::varchar as source_file, null::bigint as line, null::varchar as column_name,
        null::varchar as error_type, null::varchar as raw_line, null::varchar as error_message
    where false
    {%- else -%}
    select
        scans.file_path as source_file,
        errors.line::bigint as line,
        errors.column_name,
        errors.error_type::varchar as error_type,
        errors.csv_line as raw_line,
        errors.error_message
    from temp.reject_errors as errors
    inner join temp.reject_scans as scans
        on errors.scan_id = scans.scan_id and errors.file_id = scans.file_id
    {%- endif -%}
{% endmacro %}
