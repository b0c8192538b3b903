-- The top box-office earners of each focus group and title type (TMDB revenue): at
-- most var('top_earners_per_group') titles with a known revenue, by revenue
-- descending then title id, so that the cut is the same on every build.
with

focus_titles as (

    select * from {{ ref('int_focus_titles') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by focus_group, title_type order by revenue desc, title_id asc
        ) as rank_by_revenue

    from focus_titles
    where revenue is not null

),

final as (

    select
        focus_group || '|' || title_type || '|' || title_id as top_earner_id,
        focus_group,
        title_type,
        rank_by_revenue,
        title_id,
        primary_title,
        release_year,
        budget,
        revenue,
        roi,
        average_rating,
        num_votes,
        tmdb_vote_average

    from ranked
    where rank_by_revenue <= {{ var('top_earners_per_group') }}

)

select * from final
