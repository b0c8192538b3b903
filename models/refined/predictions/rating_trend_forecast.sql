{%- set min_titles = var('forecast_min_titles') -%}
{%- set cutoff_year = var('forecast_cutoff_year') -%}
{%- set horizon_years = var('forecast_horizon_years') -%}

-- A linear trend of the yearly mean rating of the titles of any focus genre (the union
-- group of comedy_animation_by_year, var('focus_genres')), per title type: OLS of
-- mean_rating on release_year over the years up to var('forecast_cutoff_year'), scored
-- on the later observed years ('test') and extrapolated var('forecast_horizon_years')
-- years past the last observed year ('future'). A year is observed when the group
-- released at least var('forecast_min_titles') titles: the mean of a handful of titles
-- is mostly noise.
-- A title type with fewer than 2 training years has no trend and gets no rows.
with

focus_by_year as (

    select * from {{ ref('comedy_animation_by_year') }}

),

observed as (

    select
        title_type,
        release_year,
        title_count,
        mean_rating

    from focus_by_year
    where
        focus_group = '{{ focus_union_label() }}'
        and title_count >= {{ min_titles }}
        -- a year without releases has no mean, whatever var('forecast_min_titles') says
        and mean_rating is not null

),

trends as (

    -- each year weighs the same, however many titles it released
    select
        title_type,
        regr_slope(mean_rating, release_year) as trend_slope,
        regr_intercept(mean_rating, release_year) as trend_intercept

    from observed
    where release_year <= {{ cutoff_year }}
    group by title_type
    -- one point fits no line
    having count(*) >= 2

),

last_observed as (

    select
        title_type,
        max(release_year) as last_year

    from observed
    group by title_type

),

future_years as (

    select
        last_observed.title_type,
        cast((last_observed.last_year + future_offset.offset_years) as integer) as release_year,
        cast(null as bigint) as title_count,
        cast(null as double) as mean_rating

    from last_observed
    cross join range(1, {{ horizon_years }} + 1) as future_offset (offset_years)

),

all_years as (

    -- the same columns in the same order
    select * from observed
    union all
    select * from future_years

),

predicted as (

    select
        all_years.title_type,
        all_years.release_year,
        all_years.title_count,
        all_years.mean_rating as actual_mean_rating,
        trends.trend_slope,
        trends.trend_intercept,
        case
            when all_years.title_count is null then 'future'
            when all_years.release_year <= {{ cutoff_year }} then 'train'
            else 'test'
        end as split,
        -- ratings live on IMDb's 1-10 scale; a straight line leaves it eventually
        greatest(
            1.0,
            least(10.0, trends.trend_intercept + trends.trend_slope * all_years.release_year)
        ) as predicted_mean_rating

    from all_years
    -- the inner join drops title types without a trend
    inner join trends
        on all_years.title_type = trends.title_type

),

final as (

    select
        title_type || '|' || release_year as forecast_id,
        title_type,
        release_year,
        split,
        actual_mean_rating,
        predicted_mean_rating,
        actual_mean_rating - predicted_mean_rating as residual,
        title_count,
        trend_slope,
        trend_intercept

    from predicted

)

select * from final
