-- model_metrics recomputed another way from the published predictions: sums and
-- counts per scope, the baseline's training mean and the test mean as window averages;
-- the title model is scored with and without its TMDB features.
-- Every (model, title type, predictor) must match within 1e-9 (relative to the value
-- once it exceeds 1), NULLs included; a row missing on either side also fails.
with

trend_forecast as (

    select * from {{ ref('rating_trend_forecast') }}

),

title_predictions as (

    select * from {{ ref('title_rating_predictions') }}

),

published_metrics as (

    select * from {{ ref('model_metrics') }}

),

predictions as (

    select
        'rating_trend_forecast' as model_name,
        title_type,
        split,
        actual_mean_rating as actual,
        predicted_mean_rating as predicted,
        cast(null as double) as predicted_without_tmdb,
        false as has_tmdb_features

    from trend_forecast
    where split != 'future'

    union all

    -- each title is scored under its own type and under 'all'
    select
        'title_rating_predictions' as model_name,
        {{ explode_list(dbt.array_construct(['title_type', "'all'"])) }} as title_type,
        split,
        actual_rating as actual,
        predicted_rating as predicted,
        predicted_rating_without_tmdb as predicted_without_tmdb,
        has_tmdb_features

    from title_predictions

),

with_means as (

    select
        *,
        avg(case when split = 'train' then actual end)
            over (partition by model_name, title_type) as training_mean,
        avg(case when split = 'test' then actual end)
            over (partition by model_name, title_type) as test_mean

    from predictions

),

by_predictor as (

    select
        model_name,
        title_type,
        split,
        actual,
        test_mean,
        has_tmdb_features,
        'model' as predictor,
        predicted

    from with_means

    union all

    select
        model_name,
        title_type,
        split,
        actual,
        test_mean,
        has_tmdb_features,
        'model_without_tmdb' as predictor,
        predicted_without_tmdb as predicted

    from with_means
    where model_name = 'title_rating_predictions'

    union all

    select
        model_name,
        title_type,
        split,
        actual,
        test_mean,
        has_tmdb_features,
        'naive_mean' as predictor,
        training_mean as predicted

    from with_means

),

sums as (

    select
        model_name,
        title_type,
        predictor,
        count(*) filter (where split = 'train') as n_train,
        count(*) filter (where split = 'test') as n_test,
        count(*) filter (where split = 'test' and has_tmdb_features) as n_test_with_tmdb,
        count(distinct actual) filter (where split = 'test') as distinct_test_values,
        sum((actual - predicted) * (actual - predicted)) filter (where split = 'test') as sse,
        sum(abs(actual - predicted)) filter (where split = 'test') as sae,
        sum((actual - test_mean) * (actual - test_mean)) filter (where split = 'test') as sst

    from by_predictor
    group by model_name, title_type, predictor

),

recomputed as (

    select
        model_name,
        title_type,
        predictor,
        n_train,
        n_test,
        n_test_with_tmdb,
        sse / nullif(n_test, 0) as mse,
        sae / nullif(n_test, 0) as mae,
        case when distinct_test_values > 1 then 1 - sse / sst end as r2

    from sums

),

compared as (

    select
        coalesce(published_metrics.model_name, recomputed.model_name) as model_name,
        coalesce(published_metrics.title_type, recomputed.title_type) as title_type,
        coalesce(published_metrics.predictor, recomputed.predictor) as predictor,
        published_metrics.metric_id is null as missing_in_model_metrics,
        recomputed.model_name is null as missing_in_predictions,
        published_metrics.mse as published_mse,
        recomputed.mse as recomputed_mse,
        published_metrics.mae as published_mae,
        recomputed.mae as recomputed_mae,
        published_metrics.r2 as published_r2,
        recomputed.r2 as recomputed_r2,
        published_metrics.n_train as published_n_train,
        recomputed.n_train as recomputed_n_train,
        published_metrics.n_test as published_n_test,
        recomputed.n_test as recomputed_n_test,
        published_metrics.n_test_with_tmdb as published_n_test_with_tmdb,
        recomputed.n_test_with_tmdb as recomputed_n_test_with_tmdb

    from published_metrics
    full outer join recomputed
        on
            published_metrics.model_name = recomputed.model_name
            and published_metrics.title_type = recomputed.title_type
            and published_metrics.predictor = recomputed.predictor

)

select * from compared
where
    missing_in_model_metrics
    or missing_in_predictions
    or published_n_train != recomputed_n_train
    or published_n_test != recomputed_n_test
    or published_n_test_with_tmdb != recomputed_n_test_with_tmdb
    -- a NULL on one side only makes the comparison NULL, and the coalesce a failure
    or not coalesce(
        abs(published_mse - recomputed_mse) <= 1e-9 * greatest(1, abs(recomputed_mse)),
        published_mse is null and recomputed_mse is null
    )
    or not coalesce(
        abs(published_mae - recomputed_mae) <= 1e-9 * greatest(1, abs(recomputed_mae)),
        published_mae is null and recomputed_mae is null
    )
    or not coalesce(
        abs(published_r2 - recomputed_r2) <= 1e-9 * greatest(1, abs(recomputed_r2)),
        published_r2 is null and recomputed_r2 is null
    )
