-- Nothing is lost silently: rows the CSV reader rejected fail the build (or warn).
{{
    config(
        severity=var('rejects_severity'),
        error_if='>' ~ var('rejects_threshold'),
        warn_if='>0',
    )
}}

select * from {{ ref('raw_rejects') }}
