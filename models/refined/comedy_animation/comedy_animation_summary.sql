-- Headline numbers per scope (all titles, each focus genre, their union) and title
-- type ('all' = movies and series together): how many titles are rated exactly 10,
-- and the mean ratings. Always scopes x 3 rows, with zero counts where a scope has
-- no titles of a type.
with

titles as (

    select * from {{ ref('dim_titles') }}

),

focus_titles as (

    select * from {{ ref('int_focus_titles') }}

),

scoped_titles as (

    select
        'All titles' as scope,
        title_type,
        average_rating,
        num_votes,
        weighted_rating

    from titles

    union all

    select
        focus_group as scope,
        title_type,
        average_rating,
        num_votes,
        weighted_rating

    from focus_titles

),

typed_titles as (

    -- each title counts under its own type and under 'all'
    select
        scope,
        {{ explode_list(dbt.array_construct(['title_type', "'all'"])) }} as title_type,
        average_rating,
        num_votes,
        weighted_rating

    from scoped_titles

),

scope_measures as (

    select
        scope,
        title_type,
        count(*) as title_count,
        count(*) filter (where average_rating = 10) as rated_10_count,
        cast(round(avg(average_rating), 3) as double) as mean_rating,
        cast(round(
            cast(sum(average_rating * num_votes) as double) / nullif(sum(num_votes), 0), 3
        ) as double) as vote_weighted_mean_rating,
        -- as decimal, like rating_measures(): the same on every build
        cast(
            round(avg(cast(weighted_rating as decimal(18, 6))), 3) as double
        ) as mean_weighted_rating

    from typed_titles
    group by scope, title_type

),

scopes as (

    select
        {{ explode_list(
            dbt.array_construct(["'All titles'", sql_strings(focus_groups())])
        ) }} as scope

),

title_types as (

    select {{ explode_list(dbt.array_construct(["'movie'", "'series'", "'all'"])) }} as title_type

),

grid as (

    select
        scopes.scope,
        title_types.title_type

    from scopes
    cross join title_types

),

final as (

    select
        grid.scope || '|' || grid.title_type as summary_id,
        grid.scope,
        grid.title_type,
        coalesce(scope_measures.title_count, 0) as title_count,
        coalesce(scope_measures.rated_10_count, 0) as rated_10_count,
        scope_measures.mean_rating,
        scope_measures.vote_weighted_mean_rating,
        scope_measures.mean_weighted_rating

    from grid
    left join scope_measures
        on
            grid.scope = scope_measures.scope
            and grid.title_type = scope_measures.title_type

)

select * from final
