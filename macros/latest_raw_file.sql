{#-
    The Raw key a build reads for one file kind: the newest dated partition, found by
    listing keys (no file is read), or the partition of var('raw_date') when set.
    Returns a quoted SQL string literal.
-#}
{% macro latest_raw_file(folder, file_name) %}
    {%- set prefix = 's3://' ~ env_var('CINELAKE_BUCKET', 'cinelake') ~ '/Raw/Local/CSV/' ~ folder ~ '/' -%}
    {%- if var('raw_date') -%}
        {%- set day = modules.datetime.date.fromisoformat(var('raw_date') | string) -%}
        {{ return("'" ~ prefix ~ day.strftime('%Y/%m/%d') ~ '/' ~ file_name ~ "'") }}
    {%- endif -%}
    {%- if not execute -%}
        {{ return("'" ~ prefix ~ "YYYY/MM/DD/" ~ file_name ~ "'") }}
    {%- endif -%}
    {%- set listing -%}
        select max(file) from glob('{{ prefix }}*/*/*/{{ file_name }}')
    {%- endset -%}
    {%- set latest = run_query(listing).columns[0].values()[0] -%}
    {%- if not latest -%}
        {{ exceptions.raise_compiler_error(
            "no " ~ file_name ~ " has landed under " ~ prefix
            ~ " (run `cinelake ingest` first)") }}
    {%- endif -%}
    {{ return("'" ~ latest ~ "'") }}
{% endmacro %}
