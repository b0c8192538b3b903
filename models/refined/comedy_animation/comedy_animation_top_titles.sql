-- The best-rated titles of each focus genre and title type: every title whose average
-- rating equals the maximum of its genre and type (ties included), ranked by votes.
-- At most var('top_titles_per_genre') are kept per genre and type, by votes
-- descending then title id, so that the cut is the same on every build.
with

focus_titles as (

    select * from {{ ref('int_focus_titles') }}

),

genre_titles as (

    -- each focus genre on its own; their union is not a genre
    select
        focus_group as genre,
        title_id,
        title_type,
        primary_title,
        release_year,
        average_rating,
        num_votes,
        weighted_rating

    from focus_titles
    where focus_group in ({{ sql_strings(var('focus_genres')) }})

),

with_best as (

    select
        *,
        max(average_rating) over (partition by genre, title_type) as best_rating
    from genre_titles

),

top_rated as (

    select * from with_best
    where average_rating = best_rating

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
