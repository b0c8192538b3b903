{#-
    Layers are schemas of their own (staging, trusted, refined, ...), not `main_<layer>`.
    On DuckDB, the models that readers see (Trusted, Refined, audit: config `publish`)
    are built into `<schema>_staged`, where no reader looks; the build's tests run
    there, and `publish_staged_tables` (on-run-end) copies them to `<schema>` only
    when every test passed (write, audit, publish: docs/design/lakehouse.md).
    With var('published_relations') true (a parse for the semantic layer: `dbt parse
    --vars '{published_relations: true}'`, then `mf query`; docs/metrics.md), the
    manifest names the published tables instead, which is what MetricFlow queries.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set schema = custom_schema_name | trim if custom_schema_name else target.schema -%}
    {%- if target.type == 'duckdb' and node.resource_type == 'model'
        and node.config.get('publish') and not var('published_relations', false) -%}
        {{ schema }}_staged
    {%- else -%}
        {{ schema }}
    {%- endif -%}
{%- endmacro %}

{#-
    `+database: lake` puts a model in the lake's Iceberg catalog, attached as `lake` by
    the profile; with no catalog (CINELAKE_CATALOG=none) it stays in the warehouse file,
    and Spark keeps its own metastore.
-#}
{% macro generate_database_name(custom_database_name, node) -%}
    {%- if target.type != 'duckdb' -%}
        {#- the adapter's own: dbt-spark's is no database at all (a Spark relation is
            schema.table), where `target.database` is undefined and fails the parse -#}
        {{ return(adapter.dispatch('generate_database_name', 'dbt')(custom_database_name, node)) }}
    {%- endif -%}
    {%- set attached = (target.get('attach') or []) | map(attribute='alias') | list -%}
    {%- if custom_database_name and target.type == 'duckdb'
        and custom_database_name | trim in attached -%}
        {{ custom_database_name | trim }}
    {%- else -%}
        {{ target.database }}
    {%- endif -%}
{%- endmacro %}
