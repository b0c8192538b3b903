{#-
    dbt docs' column listing (dbt-duckdb's own, with one step first). DuckDB lists a
    placeholder column `__` for an Iceberg table the session has not loaded yet, so each
    table of the catalog is described (and so loaded) before its columns are read.
-#}
{% macro duckdb__get_catalog_columns_sql(information_schema) -%}
    {%- if execute -%}
        {%- set tables = run_query("select schema_name, table_name from duckdb_tables()"
            ~ " where database_name = '" ~ information_schema.database ~ "'") -%}
        {%- for schema_name, table_name in tables.rows -%}
            {%- do run_query('describe "' ~ information_schema.database ~ '"."' ~ schema_name
                ~ '"."' ~ table_name ~ '"') -%}
        {%- endfor -%}
    {%- endif %}
    select *
    from (
        select
            c.database_name as table_database,
            c.schema_name as table_schema,
            c.table_name as table_name,
            c.column_name as column_name,
            c.column_index as column_index,
            c.data_type as column_type,
            c.comment as column_comment
        from duckdb_columns() c
        where upper(c.database_name) = upper('{{ information_schema.database }}')
    ) catalog_columns
{%- endmacro %}
