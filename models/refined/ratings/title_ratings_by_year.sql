-- Rating measures per title type and release year (titles without a release year
-- are left out). Means are rounded to 3 decimals.
with

titles as (

    select * from {{ ref('dim_titles') }}

),

yearly as (

    select
        title_type,
        release_year,
        {{ rating_measures() }}

    from titles
    where release_year is not null
    group by title_type, release_year

),

final as (

    select
        title_type || '|' || release_year as ratings_year_id,
        *

    from yearly

)

select * from final
