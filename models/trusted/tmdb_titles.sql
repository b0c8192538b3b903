-- One row per title (IMDb id) that the TMDB client has looked up: its newest fetch.
-- A title fetched again later (a re-run, a refresh) takes the newer answer, whether it
-- is a details body or a `not_found`. Genres are named from their TMDB ids with the
-- `tmdb_genres` seed, so a body fetched in French still has English genre names.
with

tmdb_records as (

    select * from {{ ref('stg_tmdb__titles') }}

),

tmdb_genres as (

    select * from {{ ref('tmdb_genres') }}

),

ranked as (

    select
        *,
        count(*) over (partition by title_id) as fetch_count,
        row_number() over (
            partition by title_id
            order by fetched_at desc, source_file desc, endpoint desc
        ) as fetch_rank

    from tmdb_records

),

newest as (

    select * from ranked
    where fetch_rank = 1

),

genre_elements as (

    select
        title_id,
        {{ explode_list_with_position('genre_ids', 'tmdb_genre_id', 'genre_position') }}

    from newest

),

named_genres as (

    select
        genre_elements.title_id,
        {{ list_agg_ordered('tmdb_genres.genre', 'genre_elements.genre_position') }} as genres

    from genre_elements
    inner join tmdb_genres
        on genre_elements.tmdb_genre_id = tmdb_genres.tmdb_genre_id
    group by genre_elements.title_id

),

final as (

    select
        newest.title_id,
        newest.outcome,
        newest.media_type,
        newest.tmdb_id,
        newest.tmdb_title,
        newest.tmdb_original_title,
        newest.release_date,
        newest.budget,
        newest.revenue,
        newest.runtime_minutes,
        newest.popularity,
        newest.vote_average,
        newest.vote_count,
        newest.original_language,
        newest.production_countries,
        newest.origin_countries,
        newest.genre_ids,
        case
            when newest.genre_ids is not null
                then coalesce(named_genres.genres, {{ empty_string_list() }})
        end as genres,
        newest.release_status,
        newest.details_imdb_id,
        newest.fetched_at,
        newest.fetch_count,
        newest.source_file

    from newest
    left join named_genres
        on newest.title_id = named_genres.title_id

)

select * from final
