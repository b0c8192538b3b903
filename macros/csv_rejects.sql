{#-
    DuckDB's CSV reader (store_rejects=true in the `imdb` source) records every row it
    cannot parse or cast in the connection's temporary tables reject_scans and
    reject_errors. These hooks run on the connection of each model that reads the Raw
    files (the newest partition, and every partition for the history): the pre-hook
    clears what earlier queries left, the post-hook keeps that read's rejects in a real
    table, a source of `build_log` (declared in models/audit/_build_log__sources.yml,
    which names the table), that the `raw_rejects` model publishes.
-#}
{% macro clear_csv_rejects() %}
    drop table if exists temp.reject_errors;
    drop table if exists temp.reject_scans
{% endmacro %}

{% macro persist_csv_rejects(log_table='csv_rejects') %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set log_node = graph.sources['source.' ~ project_name ~ '.build_log.' ~ log_table] -%}
    {%- set log_relation = api.Relation.create(
        database=log_node.database, schema=log_node.schema, identifier=log_node.identifier
    ) -%}
    create schema if not exists {{ log_relation.without_identifier() }};
    {%- set probe -%}
        select count(*) from duckdb_tables() where temporary and table_name = 'reject_errors'
    {%- endset -%}
    {%- set has_rejects = execute and run_query(probe).columns[0].values()[0] > 0 -%}
    create or replace table {{ log_relation }} as
    {%- if not has_rejects %}
    -- store_rejects created nothing: an empty log of the same shape
    select null::varchar as source_file, null::bigint as line, null::varchar as column_name,
        null::varchar as error_type, null::varchar as raw_line, null::varchar as error_message
    where false
    {%- else %}
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
    {%- endif %}
{% endmacro %}
