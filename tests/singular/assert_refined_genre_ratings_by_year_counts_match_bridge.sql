-- Per genre, the yearly title counts add up to the bridge rows that have a release
-- year; a genre missing on either side also fails.
with

title_genres as (

    select * from {{ ref('bridge_title_genres') }}

),

genre_ratings as (

    select * from {{ ref('genre_ratings_by_year') }}

),

expected as (

    select
        genre,
        count(*) as title_count

    from title_genres
    where release_year is not null
    group by genre

),

actual as (

    select
        genre,
        sum(title_count) as title_count

    from genre_ratings
    group by genre

)

select
    coalesce(expected.genre, actual.genre) as genre,
    expected.title_count as bridge_rows,
    actual.title_count as counted_titles

from expected
full outer join actual
    on expected.genre = actual.genre
where expected.title_count is distinct from actual.title_count
