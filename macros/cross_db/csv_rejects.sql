{#-
    Spark's side of the CSV rejects (DuckDB's is macros/csv_rejects.sql). Spark's reader
    keeps a line it cannot parse or cast whole in `_corrupt_record` (PERMISSIVE mode)
    and gives no reason and no line number, so both are derived here, in the same log
    rows as DuckDB's (one per failing column; the structural error alone when the line
    has too few or too many fields):
    - the reason: the line split on `|` (no field contains one: shared/data-facts) has
      too few or too many fields, or a field that is neither NULL nor empty in the line
      came out NULL from the reader: it could not be cast to the column's type;
    - the line number: only the files with rejects are read again as whole texts and
      split into lines, and each rejected line is found there (a line repeated
      verbatim in a file is reported at each of its numbers). Reading a file whole
      needs it to fit in one Java string (under 2 GB).
    The hooks scan the Raw files once more for `_corrupt_record`: the newest objects
    for the `int_credit_rows__unioned` post-hook, every object for `title_snapshots`'.
-#}
{% macro spark__clear_csv_rejects() -%}
    {#- nothing to clear: each hook below reads the files again -#}
{%- endmacro %}

{% macro spark__persist_csv_rejects(log_table) -%}
    {%- if execute -%}
        {%- set reads = [] -%}
        {%- for source_name, table_name in raw_csv_sources() -%}
            {%- set prefix, file_name = raw_source_location(source_name, table_name) -%}
            {%- if var('raw_date') -%}
                {%- set day = modules.datetime.date.fromisoformat(var('raw_date') | string) -%}
                {%- set newest = prefix ~ day.strftime('%Y/%m/%d') ~ '/' ~ file_name -%}
            {%- else -%}
                {%- set newest = run_query(spark__newest_file_query(prefix ~ '*/*/*/' ~ file_name)).columns[0].values()[0] -%}
            {%- endif -%}
            {%- if newest -%}
                {%- do reads.append((source_name, table_name, newest)) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do spark_write_rejects_log(log_table, reads) -%}
    {%- endif -%}
{%- endmacro %}

{#- Every landed object (up to var('raw_date')): the history reads them all. -#}
{% macro spark__persist_csv_rejects_of_loads(listing, log_table) -%}
    {%- if execute -%}
        {%- set reads = [] -%}
        {%- for source_name, table_name in raw_csv_sources() -%}
            {%- set prefix, file_name = raw_source_location(source_name, table_name) -%}
            {%- if run_query(spark__newest_file_query(prefix ~ '*/*/*/' ~ file_name)).columns[0].values()[0] -%}
                {%- do reads.append((source_name, table_name, none)) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do spark_write_rejects_log(log_table, reads) -%}
    {%- endif -%}
{%- endmacro %}

{#- The (source, table) names of the Raw CSV sources: those with `csv_columns`. -#}
{% macro raw_csv_sources() -%}
    {%- set found = [] -%}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- if node.config.get('csv_columns') -%}
            {%- do found.append((node.source_name, node.name)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}

{#-
    Replaces the build-log table `log_table` with the rejects of `reads`, a list of
    (source, table, file): one object, or every object of the source when file is none.
-#}
{% macro spark_write_rejects_log(log_table, reads) -%}
    {%- set log_relation = build_log_relation(log_table) -%}
    {%- set parts = [] -%}
    {%- for source_name, table_name, file in reads -%}
        {%- set view = spark_raw_csv_view(source_name, table_name, file) -%}
        {%- do parts.append(spark_rejects_of_view(source_name, table_name, view, file)) -%}
    {%- endfor -%}
    {%- do run_query('create database if not exists ' ~ log_relation.schema) -%}
    {%- do run_query('drop table if exists ' ~ log_relation) -%}
    {%- do run_query('create table ' ~ log_relation ~ ' using parquet as '
        ~ (parts | join('\nunion all\n') if parts else csv_rejects_none())) -%}
{%- endmacro %}

{% macro csv_rejects_none() -%}
    select cast(null as string) as source_file, cast(null as bigint) as line,
        cast(null as string) as column_name, cast(null as string) as error_type,
        cast(null as string) as raw_line, cast(null as string) as error_message
    where false
{%- endmacro %}

{#- The reject-log rows of one temporary view of a Raw CSV source (see the top). -#}
{% macro spark_rejects_of_view(source_name, table_name, view, file) -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
    {%- set columns = node.config.csv_columns.items() | list -%}
    {%- set bad_query -%}
        {#- every column is read: Spark casts only the columns a query needs, so a bad
            value in a column left out would not make its line corrupt (and the optimizer
            drops the columns of count(struct(...)): a hash of them it cannot drop) -#}
        select input_file_name() as path, max(hash(
            {%- for name, data_type in columns %}{{ name }}{{ ', ' if not loop.last }}{% endfor -%}
        )) as any_row
        from {{ view }}
        where _corrupt_record is not null
        group by input_file_name()
    {%- endset -%}
    {%- set bad_paths = run_query(bad_query).columns[0].values() -%}
    {%- if not bad_paths -%}
        {{ return(csv_rejects_none()) }}
    {%- endif -%}
    {%- set line_parts = [] -%}
    {%- for path in bad_paths | sort -%}
        {#- a temporary view: one name, no database -#}
        {%- set text_view = view.replace('.', '_') ~ '_text_' ~ loop.index -%}
        {%- do run_query("create or replace temporary view " ~ text_view
            ~ " using text options (path '" ~ path ~ "', wholetext 'true')") -%}
        {%- do line_parts.append(
            "select '" ~ path ~ "' as path, cast(numbered.pos + 1 as bigint) as line,"
            ~ " regexp_replace(numbered.text, '\\r$', '') as text"
            ~ " from (select posexplode(split(value, '\\n', -1)) as (pos, text) from "
            ~ text_view ~ ") as numbered") -%}
    {%- endfor -%}
    {%- set rejects -%}
    (
        with

        bad as (

            select
                input_file_name() as path,
                _corrupt_record as raw_line,
                split(_corrupt_record, '[|]', -1) as fields,
                {%- for name, data_type in columns %}
                {{ name }}{{ ',' if not loop.last }}
                {%- endfor %}
            from {{ view }}
            where _corrupt_record is not null

        ),

        numbered_lines as (

            {{ line_parts | join('\nunion all\n') }}

        ),

        located as (

            select
                bad.*,
                numbered_lines.line
            from bad
            left join numbered_lines
                on bad.path = numbered_lines.path and bad.raw_line = numbered_lines.text

        ),

        structural as (

            select
                path,
                line,
                cast(null as string) as column_name,
                case when size(fields) < {{ columns | length }} then 'MISSING COLUMNS'
                    else 'TOO MANY COLUMNS' end as error_type,
                raw_line,
                concat('expected {{ columns | length }} fields, found ', size(fields)) as error_message
            from located
            where size(fields) != {{ columns | length }}

        ),

        casts as (
            {%- for name, data_type in columns %}
            select
                path,
                line,
                '{{ name }}' as column_name,
                'CAST' as error_type,
                raw_line,
                concat('could not convert "', fields[{{ loop.index0 }}],
                    '" to {{ spark_type(data_type) }}') as error_message
            from located
            where size(fields) = {{ columns | length }}
                and fields[{{ loop.index0 }}] not in ('\\N', '')
                and {{ name }} is null
            {{- '\n            union all' if not loop.last }}
            {%- endfor %}

        )

        select {{ lake_object_url('path') }} as source_file, line, column_name, error_type,
            raw_line, error_message
        from structural
        union all
        select {{ lake_object_url('path') }} as source_file, line, column_name, error_type,
            raw_line, error_message
        from casts
    )
    {%- endset -%}
    {{ return('select * from ' ~ rejects ~ ' as rejects_' ~ view.replace('.', '_')) }}
{%- endmacro %}
