-- Rating measures per focus group, title type and release year: one group per genre
-- of var('focus_genres') plus their union ('Comedy or Animation', each title once).
-- Every type and year with releases gets a row per group, with zeros when the group
-- released nothing that year, so that the series have no gaps.
with

focus_titles as (

    select * from {{ ref('int_focus_titles') }}

),

yearly_totals as (

    select * from {{ ref('title_ratings_by_year') }}

),

focus_yearly as (

    select
        focus_group,
        title_type,
        release_year,
        {{ rating_measures() }}

    from focus_titles
    where release_year is not null
    group by focus_group, title_type, release_year

),

focus_groups as (

    select {{ explode_list(dbt.array_construct([sql_strings(focus_groups())])) }} as focus_group

),

grid as (

    select
        focus_groups.focus_group,
        yearly_totals.title_type,
        yearly_totals.release_year,
        yearly_totals.title_count as all_title_count

    from focus_groups
    cross join yearly_totals

),

final as (

    select
        grid.focus_group || '|' || grid.title_type || '|' || grid.release_year
            as focus_year_id,
        grid.focus_group,
        grid.title_type,
        grid.release_year,
        coalesce(focus_yearly.title_count, 0) as title_count,
        cast(round(
            coalesce(focus_yearly.title_count, 0) / grid.all_title_count, 4
        ) as double) as share_of_releases,
        focus_yearly.mean_rating,
        focus_yearly.median_rating,
        focus_yearly.vote_weighted_mean_rating,
        focus_yearly.mean_weighted_rating,
        coalesce(focus_yearly.total_votes, 0) as total_votes,
        coalesce(focus_yearly.rated_10_count, 0) as rated_10_count

    from grid
    left join focus_yearly
        on
            grid.focus_group = focus_yearly.focus_group
            and grid.title_type = focus_yearly.title_type
            and grid.release_year = focus_yearly.release_year

)

select * from final
