-- Rows of the Raw files that could not be parsed or cast: file, line and reason.
-- depends_on: {{ ref('int_credit_rows__unioned') }}
with

reject_log as (

    select * from {{ ref('int_credit_rows__unioned').schema }}.int_csv_reject_log

),

final as (

    select
        source_file,
        line as source_line,
        column_name,
        lower(error_type) as reject_type,
        error_message as reject_reason,
        raw_line

    from reject_log

)

select * from final
