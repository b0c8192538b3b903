-- Every landed Raw CSV object, movies and series, from the bucket listing (no file is
-- read): its kind, load date, key and when it was written.
with

movie_files as (

    {{ raw_file_listing('imdb', 'movies') }}

),

series_files as (

    {{ raw_file_listing('imdb', 'series') }}

),

unioned as (

    select
        'movie' as title_type,
        source_file,
        landed_at
    from movie_files
    union all
    select
        'series' as title_type,
        source_file,
        landed_at
    from series_files

),

final as (

    select
        title_type,
        {{ raw_load_date('source_file') }} as load_date,
        source_file,
        landed_at

    from unioned

)

select * from final
