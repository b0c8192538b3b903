{#-
    `dbt run-operation publish_spark_build` (a DuckDB target): publish what a Spark build
    wrote into the same Iceberg tables DuckDB's builds publish (`<zone>.<table>` of the
    lake's catalog), as one publication logged with engine 'spark' and the Spark build's
    `build_id`. `cinelake spark build` runs it once every dbt step on Spark passed; a
    failed Spark build publishes nothing.

    Spark writes Parquet, not Iceberg: the PySpark wheels bring no Iceberg runtime (a
    cluster with one writes the catalog directly: docs/spark.md). So each published
    model's table is read back from its Spark location: Trusted and Refined models from
    `<lake_root>/<Zone>/<model>/` (`spark_lake_location`), the others (audit) from Spark's
    warehouse folder, `<spark_warehouse>/<schema>.db/<model>/`; a partitioned one
    (title_snapshots) with its partition column from the folder names. The rows are
    cast to the published table's types (`publish_relations`, `cast_to_target`). With
    `full_refresh` (the Spark build's) every partition is copied, not only new versions.
-#}
{% macro publish_spark_build(build_id, lake_root, spark_warehouse, full_refresh=false) %}
    {%- if target.type != 'duckdb' -%}
        {{ exceptions.raise_compiler_error("publish_spark_build runs on a DuckDB target,"
            ~ " which writes the lake's Iceberg catalog (not --target " ~ target.name ~ ")") }}
    {%- endif -%}
    {%- set publications = [] -%}
    {%- for node in graph.nodes.values() | sort(attribute='unique_id')
        if node.resource_type == 'model' and node.config.get('publish')
        and node.config.materialized != 'ephemeral' -%}
        {#- (an ephemeral model is a CTE of the others: no table on either engine) -#}
        {#- generate_schema_name builds DuckDB's into `<schema>_staged`; Spark's in `<schema>` -#}
        {%- set schema = node.schema[:-('_staged' | length)]
            if node.schema.endswith('_staged') else node.schema -%}
        {%- set zone = node.config.get('lake_zone') -%}
        {%- if zone and zone != 'local' -%}
            {%- set folder = lake_root.rstrip('/') ~ '/' ~ zone ~ '/' ~ node.alias -%}
        {%- else -%}
            {%- set folder = spark_warehouse.rstrip('/') ~ '/' ~ schema ~ '.db/' ~ node.alias -%}
        {%- endif -%}
        {%- set partition_by = node.config.get('partition_by') -%}
        {%- do publications.append({
            'source': "(select * from read_parquet('" ~ folder ~ "/**/*.parquet',"
                ~ " hive_partitioning = " ~ ('true' if partition_by else 'false') ~ "))",
            'target': api.Relation.create(database=node.database, schema=schema,
                identifier=node.alias),
            'partition_by': partition_by,
            'partition_version': node.config.get('partition_version'),
            'full_refresh': full_refresh,
            'cast_to_target': true,
            'columns': node.columns.keys() | list,
        }) -%}
    {%- endfor -%}
    {%- do publish_relations(publications, build_id, 'spark') -%}
{% endmacro %}
