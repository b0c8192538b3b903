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
        count(*) as title_count,
        round(avg(average_rating), 3)::double as mean_rating,
        -- NULL when no title of the year has a vote
        round(
            sum(average_rating * num_votes)::double / nullif(sum(num_votes), 0), 3
        )::double as vote_weighted_mean_rating,
        -- cast first: the median of an even count can fall between two tenths
        median(average_rating::double) as median_rating,
        sum(num_votes)::bigint as total_votes,
        round(avg(weighted_rating), 3)::double as mean_weighted_rating,
        count(*) filter (where average_rating = 10) as rated_10_count

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
