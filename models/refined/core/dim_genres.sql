-- One row per genre of the seed, with how many movies and series carry it.
with

genres as (

    select * from {{ ref('genres') }}

),

title_genres as (

    select * from {{ ref('bridge_title_genres') }}

),

genre_counts as (

    select
        genre,
        count(*) filter (where title_type = 'movie') as movie_titles,
        count(*) filter (where title_type = 'series') as series_titles

    from title_genres
    group by genre

),

final as (

    select
        genres.genre,
        genres.genre_pt,
        genres.description,
        -- a seed genre that no title carries still gets a row, with zero counts
        coalesce(genre_counts.movie_titles, 0) as movie_titles,
        coalesce(genre_counts.series_titles, 0) as series_titles

    from genres
    left join genre_counts
        on genres.genre = genre_counts.genre

)

select * from final
