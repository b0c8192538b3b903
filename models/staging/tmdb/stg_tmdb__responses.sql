-- Every landed TMDB record (every object of every date), with the record's fields typed
-- and the body still JSON. Before any TMDB object has landed: no rows, with the same
-- columns and types.
with

source as (

    {{ all_raw_json_records('tmdb', 'responses') }}

),

final as (

    select
        imdb_id as title_id,
        media_type,
        tmdb_id,
        endpoint,
        cast(status as integer) as http_status,
        outcome,
        {{ utc_timestamp('fetched_at') }} as fetched_at,
        {{ raw_load_date('filename') }} as load_date,
        body,
        filename as source_file

    from source

)

select * from final
