-- The TMDB enrichment reconciles: every title of dim_titles with TMDB fields exists in
-- Trusted titles and was fetched (tmdb_titles, outcome `fetched`) with exactly those
-- fields, and every fetched title that is in Trusted titles is enriched in dim_titles.
-- (A fetched title no longer in Trusted titles only warns: the relationships test of
-- tmdb_titles.) One row per problem.
with

titles as (

    select * from {{ ref('titles') }}

),

tmdb_titles as (

    select * from {{ ref('tmdb_titles') }}

),

dim_titles as (

    select * from {{ ref('dim_titles') }}

),

enriched as (

    select * from dim_titles
    where tmdb_id is not null

),

expected as (

    select tmdb_titles.*
    from tmdb_titles
    inner join titles on tmdb_titles.title_id = titles.title_id
    where tmdb_titles.outcome = 'fetched'

),

not_in_titles as (

    select
        enriched.title_id,
        'enriched title not in trusted titles' as problem

    from enriched
    left join titles on enriched.title_id = titles.title_id
    where titles.title_id is null

),

mismatches as (

    select
        coalesce(enriched.title_id, expected.title_id) as title_id,
        case
            when enriched.title_id is null then 'fetched title not enriched'
            when expected.title_id is null then 'enriched title not fetched'
            else 'TMDB fields differ'
        end as problem

    from enriched
    full outer join expected on enriched.title_id = expected.title_id
    where
        enriched.title_id is null
        or expected.title_id is null
        or enriched.tmdb_id is distinct from expected.tmdb_id
        or enriched.budget is distinct from expected.budget
        or enriched.revenue is distinct from expected.revenue
        or enriched.popularity is distinct from expected.popularity
        or enriched.tmdb_vote_average is distinct from expected.vote_average
        or enriched.tmdb_vote_count is distinct from expected.vote_count
        or enriched.original_language is distinct from expected.original_language
        or enriched.production_countries is distinct from expected.production_countries

),

final as (

    select * from not_in_titles
    union all
    select * from mismatches

)

select * from final
