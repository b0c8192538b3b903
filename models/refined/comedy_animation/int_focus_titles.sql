{{ config(materialized='ephemeral', contract={'enforced': false}) }}

-- The titles of each focus group: a title is in each focus genre it carries
-- (dim_titles.focus_genres, from var('focus_genres')), and once in their union
-- (dim_titles.is_focus) whether it carries one focus genre or several.
with

titles as (

    select * from {{ ref('dim_titles') }}

),

genre_titles as (

    select
        {{ explode_list('focus_genres') }} as focus_group,
        title_id

    from titles

),

union_titles as (

    select
        '{{ focus_union_label() }}' as focus_group,
        title_id

    from titles
    where is_focus

),

focus_members as (

    select * from genre_titles
    union all
    select * from union_titles

),

final as (

    select
        focus_members.focus_group,
        titles.title_id,
        titles.title_type,
        titles.primary_title,
        titles.release_year,
        titles.average_rating,
        titles.num_votes,
        titles.weighted_rating,
        titles.tmdb_id,
        titles.budget,
        titles.revenue,
        titles.roi,
        titles.tmdb_vote_average

    from focus_members
    inner join titles
        on focus_members.title_id = titles.title_id

)

select * from final
