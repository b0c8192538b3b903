{{ config(materialized='ephemeral') }}

-- The titles of each comedy & animation focus group: a title is in each focus genre it
-- carries, and once in their union whether it carries one focus genre or several.
with

titles as (

    select * from {{ ref('dim_titles') }}

),

title_genres as (

    select * from {{ ref('bridge_title_genres') }}

),

genre_titles as (

    select
        title_genres.genre as focus_group,
        titles.title_id

    from title_genres
    inner join titles
        on title_genres.title_id = titles.title_id
    where title_genres.genre in ({{ sql_strings(var('focus_genres')) }})

),

union_titles as (

    select
        '{{ focus_union_label() }}' as focus_group,
        title_id

    from titles
    where list_has_any(genres, [{{ sql_strings(var('focus_genres')) }}])

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
        titles.weighted_rating

    from focus_members
    inner join titles
        on focus_members.title_id = titles.title_id

)

select * from final
