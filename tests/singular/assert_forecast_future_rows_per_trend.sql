{%- set min_titles = var('forecast_min_titles') -%}
{%- set cutoff_year = var('forecast_cutoff_year') -%}
{%- set horizon_years = var('forecast_horizon_years') -%}

-- rating_trend_forecast has a trend exactly for the title types with at least 2
-- training years (counted here from comedy_animation_by_year), and each of them gets
-- var('forecast_horizon_years') 'future' rows, the years right after its last observed
-- year; a title type without a trend has no rows at all.
with

focus_by_year as (

    select * from {{ ref('comedy_animation_by_year') }}

),

trend_forecast as (

    select * from {{ ref('rating_trend_forecast') }}

),

expected as (

    select
        title_type,
        count(*) filter (where release_year <= {{ cutoff_year }}) >= 2 as has_trend,
        max(release_year) as last_observed_year

    from focus_by_year
    where
        focus_group = '{{ focus_union_label() }}'
        and title_count >= {{ min_titles }}
        and mean_rating is not null
    group by title_type

),

published as (

    select
        title_type,
        count(*) as row_count,
        count(*) filter (where split = 'future') as future_rows,
        min(release_year) filter (where split = 'future') as first_future_year,
        max(release_year) filter (where split = 'future') as last_future_year

    from trend_forecast
    group by title_type

)

select
    coalesce(expected.title_type, published.title_type) as title_type,
    expected.has_trend,
    expected.last_observed_year,
    published.row_count,
    published.future_rows,
    published.first_future_year,
    published.last_future_year

from expected
full outer join published
    on expected.title_type = published.title_type
where
    -- rows for a title type that has no observed years, or no trend
    (published.title_type is not null and not coalesce(expected.has_trend, false))
    -- a trend but no rows
    or (expected.has_trend and published.title_type is null)
    or (
        expected.has_trend
        and (
            published.future_rows != {{ horizon_years }}
            -- (NULL years when the horizon is 0: the comparison is NULL, no failure)
            or published.first_future_year != expected.last_observed_year + 1
            or published.last_future_year != expected.last_observed_year + {{ horizon_years }}
        )
    )
