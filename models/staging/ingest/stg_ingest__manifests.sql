-- One row per file per ingest run, from the run manifests.
with

source as (

    {{ raw_json_rows('ingest', 'manifests') }}

),

unnested as (

    select
        bucket,
        partition_date,
        started_at as run_started_at,
        finished_at as run_finished_at,
        {{ explode_list('files') }} as landed_file

    from source

),

final as (

    select
        landed_file.key as raw_key,
        's3://' || unnested.bucket || '/' || landed_file.key as raw_file,
        landed_file.kind as file_kind,
        unnested.partition_date,
        landed_file.status as load_status,
        landed_file.source_file,
        landed_file.bytes as file_bytes,
        landed_file.rows as file_rows,
        landed_file.sha256 as file_sha256,
        landed_file.line_ending,
        unnested.run_started_at,
        unnested.run_finished_at

    from unnested

)

select * from final
