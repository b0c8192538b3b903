-- Rating measures per title type, release year and genre (titles without a release
-- year are left out). A title with several genres counts once in each of them.
with

title_genres as (

    select * from {{ ref('bridge_title_genres') }}

),

titles as (

    select * from {{ ref('dim_titles') }}

),

genre_titles as (

    select
        title_genres.title_type,
        title_genres.release_year,
        title_genres.genre,
        titles.average_rating,
        titles.num_votes,
        titles.weighted_rating

    from title_genres
    inner join titles
        on title_genres.title_id = titles.title_id
    where title_genres.release_year is not null

),

yearly as (

    select
        title_type,
        release_year,
        genre,
        {{ rating_measures() }}

    from genre_titles
    group by title_type, release_year, genre

),

final as (

    select
        title_type || '|' || release_year || '|' || genre as genre_ratings_year_id,
        *

    from yearly

)

select * from final
