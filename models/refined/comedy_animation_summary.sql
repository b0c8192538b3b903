{%- set focus_genres = var('focus_genres') -%}
{%- set scopes = ['All titles'] + focus_genres + [focus_genres | join(' or ')] -%}

-- Headline numbers per scope (all titles, each focus genre, their union) and title
-- type ('all' = movies and series together): how many titles are rated exactly 10,
-- and the mean ratings. Always scopes x 3 rows, with zero counts where a scope has
-- no titles of a type.
with

titles as (

    select * from {{ ref('dim_titles') }}

),

scoped_titles as (

    select
        'All titles' as scope,
        title_type,
        average_rating,
        num_votes,
        weighted_rating

    from titles
    {%- for genre in focus_genres %}

    union all

    select
        '{{ genre }}' as scope,
        title_type,
        average_rating,
        num_votes,
        weighted_rating

    from titles
    where list_contains(genres, '{{ genre }}')
    {%- endfor %}

    union all

    -- the union counts a title carrying both genres once
    select
        '{{ scopes[-1] }}' as scope,
        title_type,
        average_rating,
        num_votes,
        weighted_rating

    from titles
    where list_has_any(genres, [
        {%- for genre in focus_genres %}'{{ genre }}'{{ ', ' if not loop.last }}{% endfor -%}
    ])

),

scope_measures as (

    select
        scope,
        case when grouping(title_type) = 1 then 'all' else title_type end as title_type,
        count(*) as title_count,
        count(*) filter (where average_rating = 10) as rated_10_count,
        round(avg(average_rating), 3)::double as mean_rating,
        round(
            sum(average_rating * num_votes)::double / nullif(sum(num_votes), 0), 3
        )::double as vote_weighted_mean_rating,
        round(avg(weighted_rating), 3)::double as mean_weighted_rating

    from scoped_titles
    group by grouping sets ((scope, title_type), (scope))

),

grid as (

    select
        scopes.scope,
        title_types.title_type

    from
        (
            select unnest([
                {%- for scope in scopes %}'{{ scope }}'{{ ', ' if not loop.last }}{% endfor -%}
            ]) as scope
        ) as scopes
    cross join
        (select unnest(['movie', 'series', 'all']) as title_type) as title_types

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
