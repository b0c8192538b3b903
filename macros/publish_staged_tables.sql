{#-
    Write, audit, publish (docs/design/lakehouse.md), on-run-end of every DuckDB build.
    The models with config `publish` were built into `<schema>_staged` and tested there;
    when the invocation is a `build` and no model or test failed, this copies each one
    this build wrote to `<schema>`, where readers look, all in one transaction: each
    published table moves from its old snapshot to its new one, none in between. A
    model with `partition_by` and `partition_version` (title_snapshots) copies only the
    partitions whose version differs (all of them on --full-refresh). A table that is
    new or whose columns changed is created first, in a commit of its own. Each
    publication is then logged in `audit.publications` (build id, time, table, its
    snapshot) for `cinelake sql --as-of`. A failed build publishes nothing and says why.
-#}
{% macro publish_staged_tables(results) %}
    {%- if not execute or target.type != 'duckdb' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set failed = [] -%}
    {%- set staged = [] -%}
    {%- for result in results -%}
        {%- if result.status in ('error', 'fail') -%}
            {%- do failed.append(result.node.name) -%}
        {%- elif result.status == 'success' and result.node.resource_type == 'model'
            and result.node.config.get('publish') -%}
            {%- do staged.append(result.node) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if flags.WHICH != 'build' -%}
        {%- if staged -%}
            {{ log("cinelake: published nothing: only `dbt build` publishes (it runs the tests)", info=True) }}
        {%- endif -%}
        {{ return('') }}
    {%- endif -%}
    {%- if failed -%}
        {{ log("cinelake: published nothing: " ~ failed | length ~ " failed ("
            ~ failed | join(', ') ~ ") on the Raw files " ~ newest_raw_files() | join(', ')
            ~ "; readers keep the tables of the last good build", info=True) }}
        {{ return('') }}
    {%- endif -%}
    {%- if not staged -%}
        {{ return('') }}
    {%- endif -%}

    {%- set log_relation = publications_relation() -%}
    {%- set schemas = [log_relation.without_identifier()] -%}
    {%- for node in staged -%}
        {%- do schemas.append(api.Relation.create(database=node.database,
            schema=node.schema[:-('_staged' | length)])) -%}
    {%- endfor -%}
    {%- for schema in schemas | map('string') | unique -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
    {%- endfor -%}
    {%- do run_query('create table if not exists ' ~ log_relation ~ ' (build_id varchar,'
        ~ ' engine varchar, published_at timestamp with time zone, table_name varchar,'
        ~ ' snapshot_id bigint)') -%}
    {%- do adapter.commit() -%}

    {%- set statements = [] -%}
    {%- set published = [] -%}
    {%- for node in staged -%}
        {%- set source = adapter.get_relation(node.database, node.schema, node.alias) -%}
        {%- set target_relation = source.incorporate(
            path={'schema': node.schema[:-('_staged' | length)]}) -%}
        {%- set existing = adapter.get_relation(target_relation.database,
            target_relation.schema, target_relation.identifier) -%}
        {%- set partition_by = node.config.get('partition_by') -%}
        {%- set version = node.config.get('partition_version') -%}
        {%- if existing is none or relation_shape(existing) != relation_shape(source) -%}
            {%- if existing is not none -%}
                {%- do adapter.drop_relation(existing) -%}
                {%- do adapter.commit() -%}
            {%- endif -%}
            {%- do run_query('create table ' ~ target_relation ~ ' as select * from '
                ~ source ~ ' limit 0') -%}
            {%- if partition_by -%}
                {%- do run_query('alter table ' ~ target_relation
                    ~ ' set partitioned by (' ~ partition_by ~ ')') -%}
            {%- endif -%}
            {%- do adapter.commit() -%}
            {%- do statements.append('insert into ' ~ target_relation ~ ' select * from ' ~ source) -%}
        {%- elif partition_by and version and not flags.FULL_REFRESH -%}
            {%- set stale = run_query(stale_partitions_query(partition_by, version, source,
                target_relation)).columns[0].values() -%}
            {%- if stale -%}
                {%- set values = [] -%}
                {%- for value in stale -%}
                    {%- do values.append("'" ~ value ~ "'") -%}
                {%- endfor -%}
                {%- set where = ' where ' ~ partition_by ~ ' in (' ~ values | join(', ') ~ ')' -%}
                {%- do statements.append('delete from ' ~ target_relation ~ where) -%}
                {%- do statements.append('insert into ' ~ target_relation
                    ~ ' select * from ' ~ source ~ where) -%}
            {%- endif -%}
        {%- else -%}
            {%- do statements.append('delete from ' ~ target_relation) -%}
            {%- do statements.append('insert into ' ~ target_relation ~ ' select * from ' ~ source) -%}
        {%- endif -%}
        {%- do published.append(target_relation) -%}
    {%- endfor -%}

    {%- for statement in statements -%}
        {%- do run_query(statement) -%}
    {%- endfor -%}
    {%- do adapter.commit() -%}

    {%- set rows = [] -%}
    {%- for relation in published -%}
        {%- do rows.append("('" ~ invocation_id ~ "', 'duckdb', now(), '" ~ relation.schema
            ~ "." ~ relation.identifier ~ "', " ~ snapshot_id_sql(relation) ~ ")") -%}
    {%- endfor -%}
    {%- do run_query('insert into ' ~ log_relation ~ ' values ' ~ rows | join(', ')) -%}
    {%- do adapter.commit() -%}
    {{ log("cinelake: published " ~ published | length ~ " tables (build " ~ invocation_id ~ ")", info=True) }}
    {{ return('') }}
{% endmacro %}

{#- Where publications are logged: `audit.publications`, beside the published tables. -#}
{% macro publications_relation() -%}
    {%- set database = generate_database_name('lake', none) | trim -%}
    {{ return(api.Relation.create(database=database, schema='audit', identifier='publications')) }}
{%- endmacro %}

{#- SQL: the current snapshot id of a table (NULL outside an Iceberg catalog). -#}
{% macro snapshot_id_sql(relation) -%}
    {%- if relation.database == 'lake' -%}
        (select snapshot_id from iceberg_snapshots({{ relation }})
         order by sequence_number desc limit 1)
    {%- else -%}
        null
    {%- endif -%}
{%- endmacro %}

{#- The newest landed Raw file of each kind, for the log of a failed build. -#}
{% macro newest_raw_files() -%}
    {%- for node in graph.nodes.values() if node.name == 'stg_imdb__raw_files' -%}
        {%- set listing = run_query('select max(source_file) from ' ~ api.Relation.create(
            database=node.database, schema=node.schema, identifier=node.alias)
            ~ ' group by title_type order by 1') -%}
        {{ return(listing.columns[0].values() | list) }}
    {%- endfor -%}
    {{ return([]) }}
{%- endmacro %}
