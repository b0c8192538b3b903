{#-
    Where a Parquet model lives:
    - lake_zone Trusted / Refined: s3://<bucket>/<zone>/<model>.parquet, or a folder of
      hive partitions when the model sets options.partition_by (or partition_by, for
      `lake_partitions`);
    - lake_zone local: next to the warehouse file (<its folder>/<model>.parquet), for
      build-time intermediates that need no lake.
-#}
{%- macro external_location(relation, config) -%}
    {%- set zone = config.get('lake_zone') -%}
    {%- if zone is none -%}
        {{ exceptions.raise_compiler_error("Parquet model " ~ relation.identifier ~ " has no lake_zone") }}
    {%- elif zone == 'local' -%}
        {%- set root = target.path.rsplit('/', 1)[0] if '/' in target.path else '.' -%}
    {%- else -%}
        {%- set root = 's3://' ~ env_var('CINELAKE_BUCKET', 'cinelake') ~ '/' ~ zone -%}
    {%- endif -%}
    {%- if config.get('options', {}).get('partition_by') is none and config.get('partition_by') is none -%}
        {{ root }}/{{ relation.identifier }}.parquet
    {%- else -%}
        {{ root }}/{{ relation.identifier }}
    {%- endif -%}
{%- endmacro -%}
