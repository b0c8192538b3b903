{#-
    Spark's `lake_table` (DuckDB's is lake_table.sql), for the one Python model,
    `title_rating_predictions`. dbt-spark runs Python models only on Databricks, so dbt
    does not run the model here: `cinelake spark predict` runs the same model file outside dbt,
    on the Parquet of the models it refs, and writes its rows to the model's folder in
    the lake (`spark_lake_location`). This publishes that folder as the model's table
    (external: dropping it leaves the files), so that `model_metrics`, the model's tests
    and the singular tests read it as they read the model on DuckDB. It refuses, saying
    what to run:
    - missing predictions: no Parquet in the folder;
    - stale predictions: a model it refs was written after them (a build rebuilt the
      inputs and `cinelake spark predict` has not run since).
    `cinelake spark build` builds the models the predictions read, runs `cinelake
    predict`, then builds this model and what depends on it (cinelake/spark/build.py).
-#}
{% materialization lake_table, adapter='spark', supported_languages=['python'] %}

    {%- set zone = config.require('lake_zone') -%}
    {%- set location = spark_lake_location(zone, this.identifier) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set inputs = [] -%}
    {%- set zones = [zone] -%}
    {%- for node_id in model['depends_on']['nodes'] -%}
        {%- set node = graph.nodes.get(node_id) -%}
        {%- if node and node.config.get('lake_zone') not in (none, 'local') -%}
            {%- do inputs.append((node.config.lake_zone, node.alias)) -%}
            {%- do zones.append(node.config.lake_zone) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set written = spark_lake_parquet_times(zones) -%}
    {%- set predicted = written.get(zone ~ '/' ~ this.identifier) -%}
    {%- if not predicted -%}
        {{ exceptions.raise_compiler_error(
            "no predictions at " ~ location ~ ": dbt-spark runs no Python model here;"
            ~ " `cinelake spark predict` writes this model's rows once the models it reads are"
            ~ " built (`cinelake spark build` runs it between its two dbt builds)") }}
    {%- endif -%}
    {%- for input_zone, alias in inputs -%}
        {%- set input = written.get(input_zone ~ '/' ~ alias) -%}
        {%- if input and input[1] > predicted[0] -%}
            {{ exceptions.raise_compiler_error(
                "stale predictions at " ~ location ~ " (written " ~ predicted[0] ~ "): "
                ~ alias ~ " was rebuilt after them (" ~ input[1] ~ "); run `cinelake"
                ~ " predict` again, then this model (`cinelake spark build` does both)") }}
        {%- endif -%}
    {%- endfor -%}

    {{ run_hooks(pre_hooks) }}

    {%- set existing_relation = load_cached_relation(this) -%}
    {%- if existing_relation is not none -%}
        {{ adapter.drop_relation(existing_relation) }}
    {%- endif -%}

    {% call statement('main') -%}
        create table {{ target_relation }} using parquet location '{{ location }}'
    {%- endcall %}

    {{ run_hooks(post_hooks) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}

{#-
    Spark: when the Parquet files of each model folder of the lake zones `zones` were
    written, as {'<zone>/<folder>': (first, last)} (modification times, listed by Spark's
    binaryFile source with the content left unread).
-#}
{% macro spark_lake_parquet_times(zones) -%}
    {%- set times = {} -%}
    {%- for zone in zones | unique | sort -%}
        {%- set view = 'lake_parquet_files_' ~ zone | lower -%}
        {%- do run_query("create or replace temporary view " ~ view
            ~ " using binaryFile options (path '" ~ lake_root() ~ "/" ~ zone
            ~ "', recursiveFileLookup 'true', pathGlobFilter '*.parquet')") -%}
        {%- set listed -%}
            select
                regexp_extract(path, '^.*/{{ zone }}/([^/]+)/', 1) as folder,
                min(modificationTime) as first_written,
                max(modificationTime) as last_written
            from {{ view }}
            group by 1
        {%- endset -%}
        {%- for row in run_query(listed) -%}
            {%- do times.update({zone ~ '/' ~ row[0]: (row[1], row[2])}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(times) }}
{%- endmacro %}
