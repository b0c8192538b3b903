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
    for the `int_credit_rows__unioned` post-hook, the objects not yet checked for
    `title_snapshots`'.
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

{#-
    The history's rejects (`title_snapshots`), incremental like the history itself: only
    the Raw objects not yet checked at their version (key, `landed_at` in `listing`) are
    read, through the filter on the file path that prunes the others. The log keeps each
    reject with its object's `landed_at`, and `<log>_checked` every object checked, with
    or without rejects; both keep only rows of objects still landed at that version, so
    a replaced file's old rejects go and the file is read again. A full refresh starts
    both afresh. The new tables are written beside the old and swapped in.
-#}
{% macro spark__persist_csv_rejects_of_loads(listing, log_table) -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set log_relation = build_log_relation(log_table) -%}
    {%- set checked = log_relation.incorporate(path={'identifier': log_relation.identifier ~ '_checked'}) -%}
    {%- do run_query('create database if not exists ' ~ log_relation.schema) -%}
    {%- set kept = not flags.FULL_REFRESH
        and spark_table_exists(log_relation) and spark_table_exists(checked)
        and 'landed_at' in (adapter.get_columns_in_relation(log_relation) | map(attribute='name') | list) -%}
    {%- set to_check_query -%}
        select source_file, landed_at from {{ listing }}
        {%- if kept %}
        except
        select source_file, landed_at from {{ checked }}
        {%- endif %}
    {%- endset -%}
    {%- set to_check = run_query(to_check_query).columns[0].values() | list -%}
    {%- set reads = [] -%}
    {%- for source_name, table_name in raw_csv_sources() -%}
        {%- set prefix, file_name = raw_source_location(source_name, table_name) -%}
        {%- set files = [] -%}
        {%- for path in to_check if path.startswith(prefix) and path.endswith('/' ~ file_name) -%}
            {%- do files.append(path) -%}
        {%- endfor -%}
        {%- if files -%}
            {%- do reads.append((source_name, table_name, files)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ log(log_relation.identifier ~ ": " ~ to_check | length ~ " Raw object(s) to check", info=True) }}
    {%- set read_now = spark_rejects_of_reads(reads) -%}
    {%- set still_landed -%}
        exists (select 1 from {{ listing }} as landed
            where landed.source_file = logged.source_file and landed.landed_at = logged.landed_at)
    {%- endset -%}
    {%- set new_log -%}
        select landed.landed_at, rejects.*
        from ({{ read_now }}) as rejects
        inner join {{ listing }} as landed on rejects.source_file = landed.source_file
        {%- if kept %}
        union all
        select * from {{ log_relation }} as logged where {{ still_landed }}
        {%- endif %}
    {%- endset -%}
    {%- set new_checked -%}
        {{ to_check_query }}
        {%- if kept %}
        union all
        select source_file, landed_at from {{ checked }} as logged where {{ still_landed }}
        {%- endif %}
    {%- endset -%}
    {%- do spark_swap_table(log_relation, new_log) -%}
    {%- do spark_swap_table(checked, new_checked) -%}
{%- endmacro %}

{#- Spark: whether the table `relation` exists. -#}
{% macro spark_table_exists(relation) -%}
    {{ return(adapter.get_relation(relation.database, relation.schema, relation.identifier) is not none) }}
{%- endmacro %}

{#- Spark: `relation` becomes a Parquet table of `query`, which may read `relation` itself. -#}
{% macro spark_swap_table(relation, query) -%}
    {%- set next = relation.incorporate(path={'identifier': relation.identifier ~ '__next'}) -%}
    {%- do run_query('drop table if exists ' ~ next) -%}
    {%- do run_query('create table ' ~ next ~ ' using parquet as ' ~ query) -%}
    {%- do run_query('drop table if exists ' ~ relation) -%}
    {%- do run_query('alter table ' ~ next ~ ' rename to ' ~ relation) -%}
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
    Replaces the build-log table `log_table` with the rejects of `reads` (see
    `spark_rejects_of_reads`).
-#}
{% macro spark_write_rejects_log(log_table, reads) -%}
    {%- set log_relation = build_log_relation(log_table) -%}
    {%- do run_query('create database if not exists ' ~ log_relation.schema) -%}
    {%- do run_query('drop table if exists ' ~ log_relation) -%}
    {%- do run_query('create table ' ~ log_relation ~ ' using parquet as '
        ~ spark_rejects_of_reads(reads)) -%}
{%- endmacro %}

{#-
    A query of the reject-log rows of `reads`, a list of (source, table, file): one
    object (its own view), a list of objects (the view of them all, filtered on the
    file path, which prunes the rest), or every object of the source when none.
-#}
{% macro spark_rejects_of_reads(reads) -%}
    {%- set parts = [] -%}
    {%- for source_name, table_name, file in reads -%}
        {%- set one = file is string -%}
        {%- set view = spark_raw_csv_view(source_name, table_name, file if one else none) -%}
        {%- do parts.append(spark_rejects_of_view(source_name, table_name, view, none if one else file)) -%}
    {%- endfor -%}
    {{ return(parts | join('\nunion all\n') if parts else csv_rejects_none()) }}
{%- endmacro %}

{% macro csv_rejects_none() -%}
    select cast(null as string) as source_file, cast(null as bigint) as line,
        cast(null as string) as column_name, cast(null as string) as error_type,
        cast(null as string) as raw_line, cast(null as string) as error_message
    where false
{%- endmacro %}

{#-
    The reject-log rows of one table of a Raw CSV source (see the top); of the objects
    `objects` (bucket URLs) alone when given.
-#}
{% macro spark_rejects_of_view(source_name, table_name, view, objects=none) -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
    {%- set columns = node.config.csv_columns.items() | list -%}
    {%- set of_objects -%}
        {%- if objects %}
            and {{ lake_object_url('_metadata.file_path') }} in ('{{ objects | join("', '") }}')
        {%- endif -%}
    {%- endset -%}
    {%- set bad_query -%}
        {#- every column is read: Spark casts only the columns a query needs, so a bad
            value in a column left out would not make its line corrupt (and the optimizer
            drops the columns of count(struct(...)): a hash of them it cannot drop) -#}
        select _metadata.file_path as path, max(hash(
            {%- for name, data_type in columns %}{{ name }}{{ ', ' if not loop.last }}{% endfor -%}
        )) as any_row
        from {{ view }}
        where _corrupt_record is not null{{ of_objects }}
        group by _metadata.file_path
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
                _metadata.file_path as path,
                _corrupt_record as raw_line,
                split(_corrupt_record, '[|]', -1) as fields,
                {%- for name, data_type in columns %}
                {{ name }}{{ ',' if not loop.last }}
                {%- endfor %}
            from {{ view }}
            where _corrupt_record is not null{{ of_objects }}

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
