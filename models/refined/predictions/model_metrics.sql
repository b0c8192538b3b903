-- Held-out accuracy of the predictive models, each next to a naive baseline that
-- always predicts the mean actual value of its training rows: a model is only worth
-- publishing if it beats that. Scored on the 'test' split only, per model and title
-- type ('all' = every title of title_rating_predictions, which is one model across
-- both types). The baseline's training mean is taken over the same scope. The title
-- model is also scored without the TMDB features ('model_without_tmdb': the same
-- regressor fitted on the same rows without them) on the same test titles. Squares are
-- power(x, 2): `^` is DuckDB's power but Spark's bitwise xor.
with

trend_forecast as (

    select * from {{ ref('rating_trend_forecast') }}

),

title_predictions as (

    select * from {{ ref('title_rating_predictions') }}

),

scored as (

    -- both models in one shape; 'future' rows have nothing to score against
    select
        'rating_trend_forecast' as model_name,
        title_type,
        split,
        actual_mean_rating as actual,
        predicted_mean_rating as predicted,
        cast(null as double) as predicted_without_tmdb,
        false as has_tmdb_features

    from trend_forecast
    where split in ('train', 'test')

    union all

    select
        'title_rating_predictions' as model_name,
        title_type,
        split,
        actual_rating as actual,
        predicted_rating as predicted,
        predicted_rating_without_tmdb as predicted_without_tmdb,
        has_tmdb_features

    from title_predictions

    union all

    select
        'title_rating_predictions' as model_name,
        'all' as title_type,
        split,
        actual_rating as actual,
        predicted_rating as predicted,
        predicted_rating_without_tmdb as predicted_without_tmdb,
        has_tmdb_features

    from title_predictions

),

scopes as (

    select
        model_name,
        title_type,
        count(*) filter (where split = 'train') as n_train,
        count(*) filter (where split = 'test') as n_test,
        count(*) filter (where split = 'test' and has_tmdb_features) as n_test_with_tmdb,
        avg(actual) filter (where split = 'train') as training_mean,
        avg(actual) filter (where split = 'test') as test_mean,
        count(distinct actual) filter (where split = 'test') as distinct_test_values

    from scored
    group by model_name, title_type

),

test_predictions as (

    select
        scored.model_name,
        scored.title_type,
        'model' as predictor,
        scored.actual,
        scored.predicted

    from scored
    where scored.split = 'test'

    union all

    select
        scored.model_name,
        scored.title_type,
        'model_without_tmdb' as predictor,
        scored.actual,
        scored.predicted_without_tmdb as predicted

    from scored
    where
        scored.split = 'test'
        and scored.model_name = 'title_rating_predictions'

    union all

    select
        scored.model_name,
        scored.title_type,
        'naive_mean' as predictor,
        scored.actual,
        scopes.training_mean as predicted

    from scored
    inner join scopes
        on
            scored.model_name = scopes.model_name
            and scored.title_type = scopes.title_type
    where scored.split = 'test'

),

errors as (

    select
        test_predictions.model_name,
        test_predictions.title_type,
        test_predictions.predictor,
        avg(power(test_predictions.actual - test_predictions.predicted, 2)) as mse,
        avg(abs(test_predictions.actual - test_predictions.predicted)) as mae,
        sum(power(test_predictions.actual - test_predictions.predicted, 2)) as sse,
        sum(power(test_predictions.actual - scopes.test_mean, 2)) as sst

    from test_predictions
    inner join scopes
        on
            test_predictions.model_name = scopes.model_name
            and test_predictions.title_type = scopes.title_type
    group by
        test_predictions.model_name,
        test_predictions.title_type,
        test_predictions.predictor

),

predictors as (

    -- the trend has no TMDB features to leave out
    select
        model_predictors.model_name,
        model_predictors.predictor

    from (
        values
        ('rating_trend_forecast', 'model'),
        ('rating_trend_forecast', 'naive_mean'),
        ('title_rating_predictions', 'model'),
        ('title_rating_predictions', 'model_without_tmdb'),
        ('title_rating_predictions', 'naive_mean')
    ) as model_predictors (model_name, predictor)

),

final as (

    -- every scope gets its model's predictors, with NULL measures when it has no test rows
    select
        scopes.model_name || '|' || scopes.title_type || '|' || predictors.predictor
            as metric_id,
        scopes.model_name,
        scopes.title_type,
        predictors.predictor,
        errors.mse,
        errors.mae,
        -- NULL when the test values are all equal: R² is undefined without variance (and
        -- a rounding-noise SST would make it explode)
        case
            when scopes.distinct_test_values > 1 then 1 - errors.sse / errors.sst
        end as r2,
        scopes.n_train,
        scopes.n_test,
        scopes.n_test_with_tmdb

    from scopes
    inner join predictors
        on scopes.model_name = predictors.model_name
    left join errors
        on
            scopes.model_name = errors.model_name
            and scopes.title_type = errors.title_type
            and predictors.predictor = errors.predictor

)

select * from final
