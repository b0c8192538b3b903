{#-
    Write, audit, publish (docs/design/lakehouse.md), on-run-end of every DuckDB build.
    The models with config `publish` were built into `<schema>_staged` and tested there;
    when the invocation is a `build` and no model or test failed, each one this build
    wrote replaces the rows of `<schema>.<name>`, where readers look, and the build is
    logged in `audit.publications` (build id, time, table, snapshot), all at once. A
    model with `partition_by` and `partition_version` (title_snapshots) replaces only
    the partitions whose version differs (all of them on --full-refresh). A table that is
    new or whose columns changed is created first, in a commit of its own. A failed
    build publishes nothing and says which node failed on which Raw files.
    In the Iceberg catalog the SQL function `cinelake_publish` does the replacing
    (cinelake/warehouse/publish.py: one commit, no position-delete files); in the
    warehouse file (CINELAKE_CATALOG=none) it is DELETE + INSERT in one transaction.
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

    {%- set releases = [] -%}
    {%- for node in staged -%}
        {%- set source = adapter.get_relation(node.database, node.schema, node.alias) -%}
        {%- set published = source.incorporate(
            path={'schema': node.schema[:-('_staged' | length)]}) -%}
        {%- set existing = adapter.get_relation(published.database, published.schema,
            published.identifier) -%}
        {%- set partition_by = node.config.get('partition_by') -%}
        {%- set version = node.config.get('partition_version') -%}
        {%- set release = {'source': source, 'target': published,
            'partition_by': partition_by, 'partitions': none} -%}
        {%- if existing is none or relation_shape(existing) != relation_shape(source) -%}
            {%- if existing is not none -%}
                {%- do run_query('drop table if exists ' ~ existing) -%}
                {%- do adapter.commit() -%}
            {%- endif -%}
            {#- created as the staged table was: the same columns, partition spec ids -#}
            {%- do run_query('create table ' ~ published ~ ' as select * from ' ~ source ~ ' limit 0') -%}
            {%- if partition_by -%}
                {%- do run_query('alter table ' ~ published ~ ' set partitioned by (' ~ partition_by ~ ')') -%}
            {%- endif -%}
            {%- do adapter.commit() -%}
        {%- elif partition_by and version and not flags.FULL_REFRESH -%}
            {%- set stale = run_query(stale_partitions_query(partition_by, version, source,
                published)).columns[0].values() | map('string') | list -%}
            {%- do release.update({'partitions': stale}) -%}
        {%- endif -%}
        {%- if release.partitions is none or release.partitions -%}
            {%- do releases.append(release) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- if published_in_catalog(log_relation) -%}
        {%- set spec = {'build_id': invocation_id, 'engine': 'duckdb', 'releases': []} -%}
        {%- for release in releases -%}
            {%- do spec.releases.append({
                'source': release.source.schema ~ '.' ~ release.source.identifier,
                'target': release.target.schema ~ '.' ~ release.target.identifier,
                'partition_by': release.partition_by,
                'partitions': release.partitions}) -%}
        {%- endfor -%}
        {%- do run_query("select cinelake_publish('" ~ (spec | tojson).replace("'", "''") ~ "')") -%}
    {%- else -%}
        {%- for release in releases -%}
            {%- set where = '' if release.partitions is none else ' where ' ~ release.partition_by
                ~ " in ('" ~ release.partitions | join("', '") ~ "')" -%}
            {%- do run_query('delete from ' ~ release.target ~ where) -%}
            {%- do run_query('insert into ' ~ release.target ~ ' select * from ' ~ release.source ~ where) -%}
        {%- endfor -%}
        {%- do adapter.commit() -%}
        {%- set rows = [] -%}
        {%- for release in releases -%}
            {%- do rows.append("('" ~ invocation_id ~ "', 'duckdb', now(), '" ~ release.target.schema
                ~ "." ~ release.target.identifier ~ "', null)") -%}
        {%- endfor -%}
        {%- if rows -%}
            {%- do run_query('insert into ' ~ log_relation ~ ' values ' ~ rows | join(', ')) -%}
            {%- do adapter.commit() -%}
        {%- endif -%}
    {%- endif -%}
    {{ log("cinelake: published " ~ releases | length ~ " tables (build " ~ invocation_id ~ ")", info=True) }}
    {{ return('') }}
{% endmacro %}

{#- Where publications are logged: `audit.publications`, beside the published tables. -#}
{% macro publications_relation() -%}
    {%- set database = generate_database_name('lake', none) | trim -%}
    {{ return(api.Relation.create(database=database, schema='audit', identifier='publications')) }}
{%- endmacro %}

{#- Whether `relation` is in an attached Iceberg catalog (else: the warehouse file). -#}
{% macro published_in_catalog(relation) -%}
    {%- for attachment in target.get('attach') or [] -%}
        {%- if attachment.alias == relation.database and attachment.type == 'iceberg' -%}
            {{ return(true) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(false) }}
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
