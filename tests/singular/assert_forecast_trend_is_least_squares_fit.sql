{%- set min_titles = var('forecast_min_titles') -%}
{%- set cutoff_year = var('forecast_cutoff_year') -%}

-- The published trend is the least-squares line through the training years, worked
-- out here from centred sums, slope = Σ(x - x̄)(y - ȳ) / Σ(x - x̄)², instead of
-- regr_slope: the training rows are exactly the observed years up to the cutoff, and
-- slope, intercept and the clipped predictions match within 1e-9.
with

focus_by_year as (

    select * from {{ ref('comedy_animation_by_year') }}

),

trend_forecast as (

    select * from {{ ref('rating_trend_forecast') }}

),

training_years as (

    select
        title_type,
        cast(release_year as double) as x,
        mean_rating as y,
        avg(cast(release_year as double)) over (partition by title_type) as x_mean,
        avg(mean_rating) over (partition by title_type) as y_mean

    from focus_by_year
    where
        focus_group = '{{ focus_union_label() }}'
        and title_count >= {{ min_titles }}
        and mean_rating is not null
        and release_year <= {{ cutoff_year }}

),

fitted as (

    select
        title_type,
        count(*) as training_years,
        sum((x - x_mean) * (y - y_mean)) / sum((x - x_mean) * (x - x_mean)) as slope,
        any_value(y_mean) - sum((x - x_mean) * (y - y_mean))
        / sum((x - x_mean) * (x - x_mean)) * any_value(x_mean) as intercept

    from training_years
    group by title_type
    having count(*) >= 2

),

published as (

    select
        title_type,
        count(*) filter (where split = 'train') as training_years,
        count(*) filter (
            where abs(
                predicted_mean_rating
                - greatest(1, least(10, trend_intercept + trend_slope * release_year))
            ) > 1e-9
        ) as inconsistent_predictions,
        min(trend_slope) as slope,
        max(trend_slope) as max_slope,
        min(trend_intercept) as intercept,
        max(trend_intercept) as max_intercept

    from trend_forecast
    group by title_type

)

select
    coalesce(fitted.title_type, published.title_type) as title_type,
    fitted.training_years as expected_training_years,
    published.training_years,
    fitted.slope as expected_slope,
    published.slope,
    fitted.intercept as expected_intercept,
    published.intercept,
    published.inconsistent_predictions

from fitted
full outer join published
    on fitted.title_type = published.title_type
where
    fitted.title_type is null
    or published.title_type is null
    or fitted.training_years != published.training_years
    -- one line per title type
    or published.slope != published.max_slope
    or published.intercept != published.max_intercept
    or abs(fitted.slope - published.slope) > 1e-9
    or abs(fitted.intercept - published.intercept) > 1e-9 * greatest(1, abs(fitted.intercept))
    or published.inconsistent_predictions > 0
