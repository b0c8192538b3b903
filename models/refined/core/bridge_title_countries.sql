-- Title x production country (TMDB): one row per country code in the title's list, so
-- that per-country reads need no list functions. Titles without TMDB data or without
-- countries have no rows. Title type and release year are repeated here so that
-- per-country yearly reads need no join.
with

titles as (

    select * from {{ ref('dim_titles') }}

),

exploded as (

    select
        title_id,
        {{ explode_list_with_position(
            'production_countries', 'country_code', 'country_position'
        ) }},
        title_type,
        release_year

    from titles

),

final as (

    select
        title_id || '|' || country_code as title_country_id,
        title_id,
        country_code,
        cast(country_position as integer) as country_position,
        title_type,
        release_year

    from exploded

)

select * from final
