{#-
    Reading a Raw CSV source, per engine. `raw_csv_rows(source_name, table_name, file,
    up_to)` is a SELECT of the source's columns and `filename` (the object's bucket URL):
    of the one object `file` when given, else of every landed object, up to and
    including the key `up_to` when given. Rows the reader cannot parse or cast are not
    in it: they go to the build log (macros/csv_rejects.sql).

    DuckDB: the source relation is dbt-duckdb's `read_csv(...)` (its
    `external_location`), which keeps the rejects in temporary tables; a filter on
    `filename` prunes the other objects.

    Spark: a temporary view over the files with Spark's CSV reader and the same dialect
    (`|`, `"` doubled inside quotes, `\N` and empty as NULL, CRLF or LF; header skipped
    in each file), in PERMISSIVE mode: a line that does not parse or cast is kept whole
    in `_corrupt_record` (its fields NULL), and left out here. One file is read through
    a view of that file alone, so the other dates are not scanned. `filename` comes from
    the hidden `_metadata.file_path`, not `input_file_name()`: a filter on a value
    computed from it (the load date) prunes the files before the scan (Spark 3.5.9,
    measured: 2 of 5 files read for two dates; all 5 with `input_file_name()`).
-#}
{% macro raw_csv_rows(source_name, table_name, file=none, up_to=none, with_load_date=false) -%}
    {{ return(adapter.dispatch('raw_csv_rows', 'cinelake')(
        source_name, table_name, file, up_to, with_load_date)) }}
{%- endmacro %}

{#-
    DuckDB: `load_date` is computed in the same SELECT as the reader: a filter on it then
    reaches the reader as a filter on `filename`, and DuckDB opens only that date's
    file. Computed further up, from a renamed column, the same filter reads every
    partition (DuckDB 1.5.5, measured).
-#}
{% macro default__raw_csv_rows(source_name, table_name, file, up_to, with_load_date) -%}
    {%- set relation = source(source_name, table_name) -%}
    select *{{ ', ' ~ raw_load_date('filename') ~ ' as load_date' if with_load_date }}
    from {{ relation }}
    {%- if file %} where filename = '{{ file }}'
    {%- elif up_to %} where filename <= '{{ up_to }}'
    {%- endif -%}
{%- endmacro %}

{% macro spark__raw_csv_rows(source_name, table_name, file, up_to, with_load_date) -%}
    {#- referenced for the lineage; Spark reads the view below -#}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute -%}
        {{ return('select * from ' ~ relation) }}
    {%- endif -%}
    {%- set view = spark_raw_csv_view(source_name, table_name, file) -%}
    select *{{ ', ' ~ raw_load_date('filename') ~ ' as load_date' if with_load_date }}
    from (
        select
            {%- for name in raw_csv_columns(source_name, table_name) %}
            {{ name }},
            {%- endfor %}
            {{ lake_object_url('_metadata.file_path') }} as filename
        from {{ view }}
        {#- Spark casts only the columns a query needs: a model reading a few columns
            would keep a line whose bad value is in another. The second condition, always
            true, needs every column and survives the optimizer (a hash or a struct of
            them would not: measured on Spark 3.5.9). #}
        where
            _corrupt_record is null
            and length(concat_ws('|'
                {%- for name in raw_csv_columns(source_name, table_name) -%}
                , cast({{ name }} as string)
                {%- endfor -%}
            )) >= 0
    ) as csv_rows
    {%- if up_to %}
    where filename <= '{{ up_to }}'
    {%- endif -%}
{%- endmacro %}

{#- The CSV columns of a Raw source, in file order (its `csv_columns` config). -#}
{% macro raw_csv_columns(source_name, table_name) -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
    {{ return(node.config.csv_columns.keys() | list) }}
{%- endmacro %}

{#-
    Spark: (re)creates the table of a Raw CSV source over one file, or over every
    landed object of the source, in the `raw` database, and returns its name. A table,
    not a temporary view: the staging views refer to it, and Spark refuses a permanent
    view over a temporary one. External (the path is an option): dropping it leaves
    the files. Recreated on each call, so the file listing is always current. Returns
    the name without creating anything at parse time.
-#}
{% macro spark_raw_csv_view(source_name, table_name, file=none) -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
    {%- set view = spark_raw_table_name(source_name ~ '_' ~ table_name ~ ('_file' if file else '_all')) -%}
    {%- if execute -%}
        {%- set prefix, file_name = raw_source_location(source_name, table_name) -%}
        {%- set path = lake_path(file) if file else lake_path(prefix) -%}
        {%- set ddl -%}
            create table {{ view }} (
                {%- for name, data_type in node.config.csv_columns.items() %}
                {{ name }} {{ spark_type(data_type) }},
                {%- endfor %}
                _corrupt_record string
            )
            using csv
            options (
                path '{{ path }}',
                {%- if not file %}
                recursiveFileLookup 'true',
                pathGlobFilter '{{ file_name }}',
                {%- endif %}
                sep '|',
                header 'true',
                quote '"',
                escape '"',
                nullValue '\\N',
                mode 'PERMISSIVE',
                columnNameOfCorruptRecord '_corrupt_record'
            )
        {%- endset -%}
        {%- do spark_replace_raw_table(view, ddl) -%}
    {%- endif -%}
    {{ return(view) }}
{%- endmacro %}

{#- Spark: the name of a table over Raw files, in the database `raw`. -#}
{% macro spark_raw_table_name(name) -%}
    {{ return('raw.' ~ name) }}
{%- endmacro %}

{#- Spark: drops the table `name` and creates it again with `ddl`. -#}
{% macro spark_replace_raw_table(name, ddl) -%}
    {%- do run_query('create database if not exists ' ~ name.split('.')[0]) -%}
    {%- do run_query('drop table if exists ' ~ name) -%}
    {%- do run_query(ddl) -%}
{%- endmacro %}

{#-
    Spark's spelling of a DuckDB column type of the sources' configs (`csv_columns`,
    `json_columns`): strings have no length, JSON stays text, a timestamp is Spark's
    (UTC, the session time zone), `t[]` is `array<t>` and `struct(a t, ...)` is
    `struct<a: t, ...>` (flat structs: the sources have no nested ones).
-#}
{% macro spark_type(data_type) -%}
    {%- set spelled = {'varchar': 'string', 'json': 'string', 'timestamptz': 'timestamp'} -%}
    {%- set type_text = data_type | trim | lower -%}
    {%- if type_text.endswith('[]') -%}
        {{ return('array<' ~ spark_type(type_text[:-2]) ~ '>') }}
    {%- elif type_text.startswith('struct(') -%}
        {%- set fields = [] -%}
        {%- for field in type_text[7:-1].split(',') -%}
            {%- set name, field_type = field.strip().split(' ', 1) -%}
            {%- do fields.append(name ~ ': ' ~ spark_type(field_type)) -%}
        {%- endfor -%}
        {{ return('struct<' ~ fields | join(', ') ~ '>') }}
    {%- endif -%}
    {{ return(spelled.get(type_text, type_text)) }}
{%- endmacro %}

{#- A comma-separated field as a list (NULL stays NULL). -#}
{% macro spark__split_list(column) -%}
    split({{ column }}, ',')
{%- endmacro %}

{% macro spark__empty_relation(columns) -%}
    select
    {%- for name, data_type in columns %}
        cast(null as {{ spark_type(data_type) }}) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
    where false
{%- endmacro %}

{#-
    Spark: the Raw objects as a listing, `path` (bucket URL) and `landed_at` (the file's
    modification time, which `cinelake spark mirror down` sets to the object's Last-Modified):
    Spark's binaryFile source with its content column left unread. Its root is the
    lake's `Raw/` folder, which the mirror always creates.
-#}
{% macro spark_raw_listing() -%}
    {%- set listing = spark_raw_table_name('objects') -%}
    {%- if execute -%}
        {%- do spark_replace_raw_table(listing, "create table " ~ listing
            ~ " using binaryFile options (path '" ~ lake_path(lake_bucket_url() ~ '/Raw')
            ~ "', recursiveFileLookup 'true')") -%}
    {%- endif -%}
    select
        {{ lake_object_url('path') }} as path,
        modificationTime as landed_at
    from {{ listing }}
{%- endmacro %}

{#- A glob of bucket URLs (`*` within one folder) as an anchored regular expression. -#}
{% macro glob_regex(pattern) -%}
    {{ return('^' ~ pattern.replace('.', '\\\\.').replace('*', '[^/]*') ~ '$') }}
{%- endmacro %}

{% macro spark__newest_file_query(pattern) -%}
    select max(path) from ({{ spark_raw_listing() }}) as listing
    where path rlike '{{ glob_regex(pattern) }}'
{%- endmacro %}

{% macro spark__file_listing_query(pattern, last_key) -%}
    select
        path as source_file,
        landed_at
    from ({{ spark_raw_listing() }}) as listing
    where path rlike '{{ glob_regex(pattern) }}'
    {%- if last_key %}
        and path <= '{{ last_key }}'
    {%- endif %}
{%- endmacro %}
