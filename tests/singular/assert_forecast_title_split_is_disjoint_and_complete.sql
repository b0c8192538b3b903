{%- set min_votes = var('model_min_votes') -%}
{%- set test_fraction = var('model_test_fraction') -%}

-- title_rating_predictions scores every title with at least var('model_min_votes')
-- votes exactly once, in one split (so no title is both trained on and tested on),
-- and nothing else; with 100 titles or more, the test share is within 0.05 of
-- var('model_test_fraction'). One row per problem.
with

titles as (

    select * from {{ ref('dim_titles') }}

),

title_predictions as (

    select * from {{ ref('title_rating_predictions') }}

),

eligible as (

    select title_id from titles
    where num_votes >= {{ min_votes }}

),

per_title as (

    select
        title_id,
        count(*) as row_count,
        count(distinct split) as split_count

    from title_predictions
    group by title_id

),

coverage_problems as (

    select
        coalesce(eligible.title_id, per_title.title_id) as title_id,
        case
            when per_title.title_id is null then 'eligible title not scored'
            when eligible.title_id is null then 'scored title not eligible'
            when per_title.split_count > 1 then 'title in both splits'
            else 'title scored more than once'
        end as problem

    from eligible
    full outer join per_title
        on eligible.title_id = per_title.title_id
    where
        eligible.title_id is null
        or per_title.title_id is null
        or per_title.row_count != 1

),

split_shares as (

    select
        count(*) as title_count,
        count(*) filter (where split = 'test') / count(*) as test_share

    from title_predictions

),

share_problems as (

    select
        null as title_id,
        'test share ' || round(test_share, 4)
        || ' is not within 0.05 of {{ test_fraction }}' as problem

    from split_shares
    where
        title_count >= 100
        and abs(test_share - {{ test_fraction }}) > 0.05

),

final as (

    select * from coverage_problems
    union all
    select * from share_problems

)

select * from final
