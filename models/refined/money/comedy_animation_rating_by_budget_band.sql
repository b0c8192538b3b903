{%- set bands = budget_bands() -%}

-- Ratings against budget: per focus group, title type and budget band (var
-- `budget_band_bounds`; `unknown` for no budget or one below var('tmdb_min_budget')),
-- the IMDb mean and median rating, the mean Bayesian weighted rating, the mean TMDB
-- vote average and the median ROI. One row per group, type and band with titles.
with

focus_titles as (

    select * from {{ ref('int_focus_titles') }}

),

bands as (

    select
        band_values.budget_band_order,
        band_values.budget_band,
        band_values.band_min_budget,
        band_values.band_max_budget

    from (
        values
        {%- for order, label, lower, upper in bands %}
            (
                {{ order }},
                '{{ label }}',
                cast({{ lower if lower is not none else 'null' }} as bigint),
                cast({{ upper if upper is not none else 'null' }} as bigint)
            ){{ ',' if not loop.last }}
        {%- endfor %}
    ) as band_values (budget_band_order, budget_band, band_min_budget, band_max_budget)

),

banded as (

    select
        focus_group,
        title_type,
        {{ budget_band_order('budget') }} as budget_band_order,
        tmdb_id,
        average_rating,
        weighted_rating,
        tmdb_vote_average,
        roi

    from focus_titles

),

measures as (

    select
        focus_group,
        title_type,
        budget_band_order,
        count(*) as title_count,
        count(tmdb_id) as enriched_count,
        cast(round(avg(average_rating), 3) as double) as mean_rating,
        median(cast(average_rating as double)) as median_rating,
        cast(
            round(avg(cast(weighted_rating as decimal(18, 6))), 3) as double
        ) as mean_weighted_rating,
        cast(
            round(avg(cast(tmdb_vote_average as decimal(18, 6))), 3) as double
        ) as mean_tmdb_vote_average,
        count(roi) as roi_count,
        round(median(roi), 4) as median_roi

    from banded
    group by focus_group, title_type, budget_band_order

),

final as (

    select
        measures.focus_group || '|' || measures.title_type || '|' || bands.budget_band
            as band_id,
        measures.focus_group,
        measures.title_type,
        bands.budget_band,
        cast(measures.budget_band_order as integer) as budget_band_order,
        bands.band_min_budget,
        bands.band_max_budget,
        measures.title_count,
        measures.enriched_count,
        measures.mean_rating,
        measures.median_rating,
        measures.mean_weighted_rating,
        measures.mean_tmdb_vote_average,
        measures.roi_count,
        measures.median_roi

    from measures
    inner join bands
        on measures.budget_band_order = bands.budget_band_order

)

select * from final
