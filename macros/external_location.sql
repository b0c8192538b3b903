{#-
    Where an external model's Parquet lives in the lake:
    s3://<bucket>/<lake_zone>/<model>.parquet, or a folder of hive partitions when the
    model sets options.partition_by. Overrides dbt-duckdb's default (external_root).
-#}
{%- macro external_location(relation, config) -%}
    {%- set zone = config.get('lake_zone') -%}
    {%- if zone is none -%}
        {{ exceptions.raise_compiler_error("external model " ~ relation.identifier ~ " has no lake_zone") }}
    {%- endif -%}
    {%- set root = 's3://' ~ env_var('CINELAKE_BUCKET', 'cinelake') ~ '/' ~ zone -%}
    {%- if config.get('options', {}).get('partition_by') is none -%}
        {{ root }}/{{ relation.identifier }}.parquet
    {%- else -%}
        {{ root }}/{{ relation.identifier }}
    {%- endif -%}
{%- endmacro -%}
