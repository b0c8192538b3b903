-- Every Raw partition landed, with its bytes, rows and checksum, for lineage and freshness.
with

manifest_files as (

    select * from {{ ref('stg_ingest__manifests') }}

),

landings as (

    -- the last run that wrote each key is the one whose bytes are there now
    select
        *,
        row_number() over (partition by raw_key order by run_finished_at desc) as run_rank
    from manifest_files
    where load_status in ('landed', 'replaced')

),

last_landings as (

    select * from landings
    where run_rank = 1

),

final as (

    select
        raw_key,
        raw_file,
        file_kind,
        partition_date,
        load_status,
        source_file,
        file_bytes,
        file_rows,
        file_sha256,
        line_ending,
        run_finished_at as landed_at,
        partition_date = max(partition_date) over (partition by file_kind) as is_current

    from last_landings

)

select * from final
