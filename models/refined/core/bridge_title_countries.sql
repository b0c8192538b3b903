-- Title x production country (TMDB): one row per country code in the title's list, so
-- that per-country reads need no list functions. Titles without TMDB data or without
-- countries have no rows. Title type and release year are repeated here so that
-- per-country yearly reads need no join.
with

titles as (

    select * from {{ ref('dim_titles') }}

),

exploded as (

    -- unnest and generate_subscripts advance together: position i holds element i
    select
        title_id,
        unnest(production_countries) as country_code,
        generate_subscripts(production_countries, 1) as country_position,
        title_type,
        release_year

    from titles

),

final as (

    select
        title_id || '|' || country_code as title_country_id,
        title_id,
        country_code,
        country_position::integer as country_position,
        title_type,
        release_year

    from exploded

)

select * from final
