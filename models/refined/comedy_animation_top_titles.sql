{%- set focus_list = "'" ~ var('focus_genres') | join("', '") ~ "'" -%}

-- The best-rated titles of each focus genre and title type: every title whose average
-- rating equals the maximum of its genre and type (ties included), ranked by votes.
-- At most var('top_titles_per_genre') are kept per genre and type, by votes
-- descending then title id, so that the cut is the same on every build.
with

titles as (

    select * from {{ ref('dim_titles') }}

),

title_genres as (

    select * from {{ ref('bridge_title_genres') }}

),

genre_titles as (

    select
        title_genres.genre,
        titles.title_id,
        titles.title_type,
        titles.primary_title,
        titles.release_year,
        titles.average_rating,
        titles.num_votes,
        titles.weighted_rating

    from title_genres
    inner join titles
        on title_genres.title_id = titles.title_id
    where title_genres.genre in ({{ focus_list }})

),

top_rated as (

    select * from genre_titles
    qualify average_rating = max(average_rating) over (partition by genre, title_type)

),

ranked as (

    select
        *,
        row_number() over (
            partition by genre, title_type order by num_votes desc, title_id asc
        ) as rank_by_votes

    from top_rated

),

final as (

    select
        genre || '|' || title_type || '|' || title_id as top_title_id,
        genre,
        title_type,
        rank_by_votes,
        title_id,
        primary_title,
        release_year,
        average_rating,
        num_votes,
        weighted_rating

    from ranked
    where rank_by_votes <= {{ var('top_titles_per_genre') }}

)

select * from final
