-- Lines of the Raw files that could not be parsed or cast: one row per line, with the
-- file, the line number and the reason, from every partition. The post-hooks of the two
-- models that read the Raw files write the logs on every build: this model runs after
-- them. The newest partition is read by both, so its lines are taken once.
-- depends_on: {{ ref('int_credit_rows__unioned') }}
-- depends_on: {{ ref('title_snapshots') }}
with

newest_load_log as (

    select * from {{ source('build_log', 'csv_rejects') }}

),

all_loads_log as (

    select
        source_file,
        line,
        column_name,
        error_type,
        raw_line,
        error_message

    from {{ source('build_log', 'csv_rejects_all_loads') }}

),

reject_log as (

    select * from newest_load_log
    union
    select * from all_loads_log

),

per_line as (

    -- the reader reports each failing column; a line with a missing field also shifts
    -- the later values into columns they cannot be cast to: the structural error wins
    select
        source_file,
        line as source_line,
        lower(min(error_type) filter (where error_type != 'CAST')) as structural_type,
        min(error_message) filter (where error_type != 'CAST') as structural_message,
        {{ string_agg_ordered(
            'column_name', "', '", 'column_name', "error_type = 'CAST'"
        ) }} as cast_columns,
        {{ string_agg_ordered(
            'error_message', "'; '", 'column_name', "error_type = 'CAST'"
        ) }} as cast_messages,
        min({{ trim_chars('raw_line', 'chr(13) || chr(10)') }}) as raw_line

    from reject_log
    group by source_file, line

),

final as (

    select
        source_file,
        source_line,
        case when structural_type is null then cast_columns end as column_name,
        coalesce(structural_type, 'cast') as reject_type,
        coalesce(structural_message, cast_messages) as reject_reason,
        raw_line

    from per_line

)

select * from final
