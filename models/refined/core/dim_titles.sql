{%- set min_votes = var('bayes_min_votes') -%}
{%- set prior_mean = var('bayes_prior_mean') -%}
{#- C as a double: the exact sum of the one-decimal ratings over their count, the same on
    every engine (Spark's avg of a decimal would round it to 5 decimals first) -#}
{%- set prior_mean_sql = 'cast(sum(average_rating) as double) / count(average_rating)'
    if prior_mean is none else 'cast(' ~ prior_mean ~ ' as double)' -%}

-- One row per title, with the Bayesian weighted rating (IMDb chart formula)
--   WR = v/(v+m) * R + m/(v+m) * C
-- which pulls the rating of a title with few votes towards the prior C, so that a
-- 10.0 from a handful of votes does not outrank a 9.0 from a million. The TMDB fields
-- come from the title's newest TMDB fetch when TMDB knew it (`tmdb_titles`), else NULL.
with

titles as (

    select * from {{ ref('titles') }}

),

tmdb_titles as (

    select * from {{ ref('tmdb_titles') }}
    where outcome = 'fetched'

),

prior_means as (

    -- C: a fixed prior when var('bayes_prior_mean') is set, else the mean rating of
    -- all titles of the same type (movies and series are rated differently)
    select
        title_type,
        {{ prior_mean_sql }} as prior_mean

    from titles
    group by title_type

),

focus as (

    select
        {{ dbt.array_construct([sql_strings(var('focus_genres'))], 'varchar') | trim }} as genres

),

final as (

    select
        titles.title_id,
        titles.title_type,
        titles.primary_title,
        titles.original_title,
        titles.release_year,
        titles.end_year,
        titles.runtime_minutes,
        titles.genres,
        cast(coalesce({{ list_length('titles.genres') }}, 0) as integer) as genre_count,
        -- the title's genres among var('focus_genres'), in the title's order
        coalesce(
            {{ list_keep('titles.genres', 'focus.genres') }}, {{ empty_string_list() }}
        ) as focus_genres,
        coalesce({{ lists_overlap('titles.genres', 'focus.genres') }}, false) as is_focus,
        titles.average_rating,
        titles.num_votes,
        -- v + m is 0 only with no votes and m = 0: fall back to the raw rating. Rounded
        -- as a decimal: engines round a double on a tie (x.xxx5) in different directions
        cast(round(
            cast(
                coalesce(
                    cast(titles.num_votes as double) / nullif(titles.num_votes + {{ min_votes }}, 0)
                    * cast(titles.average_rating as double)
                    + cast({{ min_votes }} as double)
                    / nullif(titles.num_votes + {{ min_votes }}, 0)
                    * prior_means.prior_mean,
                    cast(titles.average_rating as double)
                ) as decimal(18, 9)
            ),
            3
        ) as double) as weighted_rating,
        titles.credit_rows,
        titles.source_file,
        tmdb_titles.tmdb_id,
        tmdb_titles.budget,
        tmdb_titles.revenue,
        {{ roi('tmdb_titles.budget', 'tmdb_titles.revenue') }} as roi,
        tmdb_titles.popularity,
        tmdb_titles.vote_average as tmdb_vote_average,
        tmdb_titles.vote_count as tmdb_vote_count,
        tmdb_titles.original_language,
        tmdb_titles.production_countries

    from titles
    inner join prior_means
        on titles.title_type = prior_means.title_type
    cross join focus
    left join tmdb_titles
        on titles.title_id = tmdb_titles.title_id

)

select * from final
