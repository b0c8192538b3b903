{#-
    Write, audit, publish (docs/design/lakehouse.md), on-run-end of every DuckDB build.
    The models with config `publish` were built into `<schema>_staged` and tested there;
    when the invocation is a `build` and no model or test failed, each one this build
    wrote replaces the rows of `<schema>`, where readers look, all at once: each
    published table moves from its old snapshot to its new one, none in between. A
    model with `partition_by` and `partition_version` (title_snapshots) replaces only the
    partitions whose version differs (all of them on --full-refresh). A table that is
    new or whose columns changed is created first, in a commit of its own. Each
    publication is logged in `audit.publications` (build id, time, table, its snapshot)
    for `cinelake sql --as-of`. A failed build publishes nothing and says why.
    The publishing itself is `publish_relations`, which Spark's builds use too.
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

    {%- set publications = [] -%}
    {%- for node in staged -%}
        {%- set source = adapter.get_relation(node.database, node.schema, node.alias) -%}
        {%- do publications.append({
            'source': source,
            'target': source.incorporate(path={'schema': node.schema[:-('_staged' | length)]}),
            'partition_by': node.config.get('partition_by'),
            'partition_version': node.config.get('partition_version'),
            'copy_files': node.config.materialized == 'lake_table',
        }) -%}
    {%- endfor -%}
    {%- do publish_relations(publications, invocation_id, 'duckdb') -%}
    {{ return('') }}
{% endmacro %}

{#-
    The one way tables are published, for DuckDB's builds (`publish_staged_tables`) and
    Spark's (`publish_spark_build`): each publication replaces the rows of its published
    table, all at once, so readers move from every table's old snapshot to its new one
    together, and each is logged in `audit.publications` with `build_id` and `engine`.
    In the Iceberg catalog the SQL function `cinelake_publish` does the replacing
    (cinelake/warehouse/publish.py: one commit, no position-delete files); in the
    warehouse file (CINELAKE_CATALOG=none) it is DELETE + INSERT in one transaction.
    A publication is a dict:
    - source: what to publish, a relation or a parenthesised query (what follows `from`);
    - copy_files (optional): the source is a staged Iceberg table one build wrote whole
      (`lake_table`), whose data files can be copied as they are;
    - target: the published relation;
    - partition_by, partition_version: copy only the partitions whose version columns
      differ (all of them when `full_refresh`, by default --full-refresh);
    - cast_to_target (optional): the source was written by another engine, whose types
      are not the contract types DuckDB publishes (Spark's int where DuckDB has bigint, a
      zone-less timestamp for a timestamptz): a target with the same column names keeps
      its types and column order and the rows are cast to them, by name. Without it
      (DuckDB's staged tables) a changed type recreates the table, as a changed name does;
    - columns (optional): the order of a (re)created table's columns, when the source has
      exactly these (the model's documented columns, which DuckDB's contracts follow);
      else the source's own order.
    Every source is described before anything is created, so an unreadable one creates
    nothing. A new or recreated table is created first, in a commit of its own (the
    catalog refuses a table created and written in one transaction).
-#}
{% macro publish_relations(publications, build_id, engine) %}
    {%- set log_relation = publications_relation() -%}
    {%- set schemas = [log_relation.without_identifier()] -%}
    {%- for publication in publications -%}
        {%- do schemas.append(publication.target.without_identifier()) -%}
    {%- endfor -%}
    {%- for schema in schemas | map('string') | unique -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
    {%- endfor -%}
    {%- do run_query('create table if not exists ' ~ log_relation ~ ' (build_id varchar,'
        ~ ' engine varchar, published_at timestamp with time zone, table_name varchar,'
        ~ ' snapshot_id bigint)') -%}
    {%- do adapter.commit() -%}

    {#- each target's rows as a query, and whether the target must be (re)created -#}
    {%- set plans = [] -%}
    {%- for publication in publications -%}
        {%- set target_relation = publication.target -%}
        {%- set source_columns = described_columns('select * from ' ~ publication.source) -%}
        {%- set existing = adapter.get_relation(target_relation.database,
            target_relation.schema, target_relation.identifier) -%}
        {%- set target_columns = described_columns(existing) if existing is not none else [] -%}
        {%- set source_names = source_columns | map(attribute=0) | map('lower') | sort | list -%}
        {%- set same_names = source_names
            == target_columns | map(attribute=0) | map('lower') | sort | list -%}
        {%- if existing is not none and publication.get('cast_to_target') and same_names -%}
            {%- set source_types = {} -%}
            {%- for name, type in source_columns -%}
                {%- do source_types.update({name | lower: type}) -%}
            {%- endfor -%}
            {%- set selected = [] -%}
            {%- for name, type in target_columns -%}
                {%- do selected.append(cast_to_type(adapter.quote(name),
                    source_types[name | lower], type) ~ ' as ' ~ adapter.quote(name)) -%}
            {%- endfor -%}
            {%- set rows = 'select ' ~ selected | join(', ') ~ ' from ' ~ publication.source -%}
            {%- set recreate = false -%}
        {%- elif existing is not none and not publication.get('cast_to_target')
            and source_columns == target_columns -%}
            {%- set rows = 'select * from ' ~ publication.source -%}
            {%- set recreate = false -%}
        {%- else -%}
            {%- set order = publication.get('columns') or [] -%}
            {%- if order | map('lower') | sort | list != source_names -%}
                {%- set order = source_columns | map(attribute=0) | list -%}
            {%- endif -%}
            {%- set quoted = [] -%}
            {%- for name in order -%}
                {%- do quoted.append(adapter.quote(name)) -%}
            {%- endfor -%}
            {%- set rows = 'select ' ~ quoted | join(', ') ~ ' from ' ~ publication.source -%}
            {%- set recreate = true -%}
        {%- endif -%}
        {%- do plans.append({'publication': publication, 'existing': existing,
            'rows': '(' ~ rows ~ ') as published_rows', 'recreate': recreate}) -%}
    {%- endfor -%}

    {%- set releases = [] -%}
    {%- for plan in plans -%}
        {%- set target_relation = plan.publication.target -%}
        {%- set partition_by = plan.publication.get('partition_by') -%}
        {%- set version = plan.publication.get('partition_version') -%}
        {%- set partitions = none -%}
        {%- if plan.recreate -%}
            {%- if plan.existing is not none -%}
                {%- do adapter.drop_relation(plan.existing) -%}
                {%- do adapter.commit() -%}
            {%- endif -%}
            {%- do run_query('create table ' ~ target_relation ~ ' as select * from '
                ~ plan.rows ~ ' limit 0') -%}
            {%- if partition_by and published_in_catalog(target_relation) -%}
                {%- do run_query('alter table ' ~ target_relation
                    ~ ' set partitioned by (' ~ partition_by ~ ')') -%}
            {%- endif -%}
            {%- do adapter.commit() -%}
        {%- elif partition_by and version
            and not plan.publication.get('full_refresh', flags.FULL_REFRESH) -%}
            {%- set partitions = run_query(stale_partitions_query(partition_by, version,
                plan.rows, target_relation)).columns[0].values() | map('string') | list -%}
        {%- endif -%}
        {%- if partitions is none or partitions -%}
            {%- set source = plan.publication.source -%}
            {%- do releases.append({
                'target': target_relation,
                'rows': plan.rows,
                'copy_from': source.schema ~ '.' ~ source.identifier
                    if plan.publication.get('copy_files') else none,
                'partition_by': partition_by,
                'partitions': partitions}) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- if published_in_catalog(log_relation) -%}
        {%- set spec = {'build_id': build_id, 'engine': engine, 'releases': []} -%}
        {%- for release in releases -%}
            {%- do spec.releases.append({
                'target': release.target.schema ~ '.' ~ release.target.identifier,
                'query': 'select * from ' ~ release.rows,
                'copy_from': release.copy_from,
                'partition_by': release.partition_by,
                'partitions': release.partitions}) -%}
        {%- endfor -%}
        {%- do run_query("select cinelake_publish('" ~ (spec | tojson).replace("'", "''") ~ "')") -%}
    {%- else -%}
        {%- for release in releases -%}
            {%- set where = '' if release.partitions is none else ' where ' ~ release.partition_by
                ~ " in ('" ~ release.partitions | join("', '") ~ "')" -%}
            {%- do run_query('delete from ' ~ release.target ~ where) -%}
            {%- do run_query('insert into ' ~ release.target ~ ' select * from ' ~ release.rows ~ where) -%}
        {%- endfor -%}
        {%- do adapter.commit() -%}
        {%- set rows = [] -%}
        {%- for release in releases -%}
            {%- do rows.append("('" ~ build_id ~ "', '" ~ engine ~ "', now(), '"
                ~ release.target.schema ~ "." ~ release.target.identifier ~ "', null)") -%}
        {%- endfor -%}
        {%- if rows -%}
            {%- do run_query('insert into ' ~ log_relation ~ ' values ' ~ rows | join(', ')) -%}
            {%- do adapter.commit() -%}
        {%- endif -%}
    {%- endif -%}
    {{ log("cinelake: published " ~ releases | length ~ " tables ("
        ~ ("" if engine == 'duckdb' else engine ~ " ") ~ "build " ~ build_id ~ ")", info=True) }}
{% endmacro %}

{#-
    The columns of a relation or a query (`select ...`) as [name, type] pairs, DuckDB's
    DESCRIBE (information_schema lists a placeholder column for an Iceberg table the
    session has not loaded yet).
-#}
{% macro described_columns(relation_or_query) -%}
    {%- set described = run_query('describe ' ~ relation_or_query) -%}
    {%- set pairs = [] -%}
    {%- for row in described.rows -%}
        {%- do pairs.append([row[0], row[1]]) -%}
    {%- endfor -%}
    {{ return(pairs) }}
{%- endmacro %}

{#-
    SQL: `column` (of DuckDB type `from_type`) as `to_type`. Spark writes a timestamp as
    a UTC instant with no zone (DuckDB reads a zone-less TIMESTAMP): it is read as UTC,
    whatever the session's time zone, where a plain cast would read it in that zone.
-#}
{% macro cast_to_type(column, from_type, to_type) -%}
    {%- if from_type == to_type -%}
        {{ return(column) }}
    {%- elif from_type == 'TIMESTAMP' and to_type == 'TIMESTAMP WITH TIME ZONE' -%}
        {{ return("timezone('UTC', " ~ column ~ ")") }}
    {%- else -%}
        {{ return('cast(' ~ column ~ ' as ' ~ to_type ~ ')') }}
    {%- endif -%}
{%- endmacro %}

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
