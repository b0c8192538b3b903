{#-
    Where the lake is, per engine. DuckDB reads and writes the bucket itself
    (`s3://<bucket>`). Spark reads and writes `lake_root`: by default the local mirror
    of the bucket that `cinelake spark mirror down|up` keeps (the PySpark wheels have no S3
    connector); on a cluster with hadoop-aws, CINELAKE_SPARK_LAKE_ROOT=s3://<bucket>
    (or s3a://<bucket>) and no mirror. The Raw keys are the same either way, so a
    Spark path is turned back into the bucket URL of its object (`lake_object_url`):
    `source_file` reads the same on both engines.
-#}
{% macro lake_bucket_url() -%}
    s3://{{ var('lake_bucket') }}
{%- endmacro %}

{% macro lake_root() -%}
    {{ return(adapter.dispatch('lake_root', 'cinelake')()) }}
{%- endmacro %}

{% macro default__lake_root() -%}
    {{ return(lake_bucket_url()) }}
{%- endmacro %}

{% macro spark__lake_root() -%}
    {#- `cinelake spark mirror` keeps the same folder by default (cinelake/spark/mirror.py) -#}
    {{ return(env_var('CINELAKE_SPARK_LAKE_ROOT',
        env_var('CINELAKE_LAKE_DIR', '.lake') ~ '/spark/mirror').rstrip('/')) }}
{%- endmacro %}

{#- The engine's path of a bucket URL `s3://<bucket>/<key>` (patterns too). -#}
{% macro lake_path(bucket_url) -%}
    {{ return(lake_root() ~ bucket_url[lake_bucket_url() | length:]) }}
{%- endmacro %}

{#-
    SQL: the bucket URL of the Raw object at the engine's path `path_sql` (what Spark's
    `_metadata.file_path`, `input_file_name()` or a file listing gives:
    `file:/.../mirror/Raw/...`). The key starts at the first `Raw/` folder, so the
    mirror must not sit under one.
-#}
{% macro lake_object_url(path_sql) -%}
    regexp_replace({{ path_sql }}, '^.*?/(Raw/)', '{{ lake_bucket_url() }}/$1')
{%- endmacro %}

{#-
    Spark: where a table's Parquet files go (dbt-spark's `location_clause`, overridden
    here): Trusted and Refined models at `<lake root>/<zone>/<model>/`, a folder of
    Parquet files like DuckDB's partitioned models; `lake_zone: local` models (build-time
    intermediates) stay managed tables in Spark's warehouse folder.
-#}
{% macro spark__location_clause() -%}
    {%- set zone = config.get('lake_zone') -%}
    {%- if zone and zone != 'local' %}
    location '{{ spark_lake_location(zone, model['alias']) }}'
    {%- endif %}
{%- endmacro %}

{#- Spark: the folder of a Trusted or Refined model's Parquet files. -#}
{% macro spark_lake_location(zone, alias) -%}
    {{ return(lake_root() ~ '/' ~ zone ~ '/' ~ alias) }}
{%- endmacro %}
