-- Budget, revenue and ROI per focus group, title type and release year, from the TMDB
-- fields of the focus titles (`int_focus_titles`). A budget below var('tmdb_min_budget')
-- counts as unknown. ROI is given two ways over the titles with both figures: pooled,
-- (sum of revenues - sum of budgets) / sum of budgets, and the median of their ROIs.
-- One row per group, type and year with at least one title.
with

focus_titles as (

    select * from {{ ref('int_focus_titles') }}

),

money as (

    select
        focus_group,
        title_type,
        release_year,
        tmdb_id,
        {{ credible_budget('budget') }} as budget,
        revenue,
        roi,
        case when roi is not null then {{ credible_budget('budget') }} end as roi_budget,
        case when roi is not null then revenue end as roi_revenue

    from focus_titles
    where release_year is not null

),

yearly as (

    select
        focus_group,
        title_type,
        release_year,
        count(*) as title_count,
        count(tmdb_id) as enriched_count,
        count(budget) as budget_count,
        count(revenue) as revenue_count,
        count(roi) as roi_count,
        cast(sum(budget) as bigint) as total_budget,
        cast(sum(revenue) as bigint) as total_revenue,
        median(cast(budget as double)) as median_budget,
        median(cast(revenue as double)) as median_revenue,
        sum(roi_budget) as roi_budget_sum,
        sum(roi_revenue) as roi_revenue_sum,
        round(median(roi), 4) as median_roi

    from money
    group by focus_group, title_type, release_year

),

final as (

    select
        focus_group || '|' || title_type || '|' || release_year as money_year_id,
        focus_group,
        title_type,
        release_year,
        title_count,
        enriched_count,
        budget_count,
        revenue_count,
        roi_count,
        total_budget,
        total_revenue,
        median_budget,
        median_revenue,
        round(
            cast((roi_revenue_sum - roi_budget_sum) as double) / nullif(roi_budget_sum, 0), 4
        ) as pooled_roi,
        median_roi

    from yearly

)

select * from final
