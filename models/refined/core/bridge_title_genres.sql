-- Title x genre: one row per element of the title's genre list, so that per-genre
-- reads need no list functions. Titles without genres have no rows. Title type and
-- release year are repeated here so that per-genre yearly reads need no join, and so
-- are the rating columns: the semantic layer's per-genre measures (`title_genres`)
-- aggregate columns of this table (MetricFlow joins many-to-one only).
with

titles as (

    select * from {{ ref('dim_titles') }}

),

exploded as (

    select
        title_id,
        {{ explode_list_with_position('genres', 'genre', 'genre_position') }},
        title_type,
        release_year,
        average_rating,
        num_votes,
        weighted_rating

    from titles

),

final as (

    select
        title_id || '|' || genre as title_genre_id,
        title_id,
        genre,
        cast(genre_position as integer) as genre_position,
        title_type,
        release_year,
        average_rating,
        num_votes,
        weighted_rating

    from exploded

)

-- sorted, so that each genre's rows share row groups (see the YAML)
select * from final
order by genre, title_id
