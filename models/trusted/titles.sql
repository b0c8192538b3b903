{{ config(alias='titles') }}

-- One row per title id, movies and series together. The input repeats the title fields
-- on every credit row; they are consistent per id (tested on the intermediate model),
-- and min() picks the same value on every build.
with

credit_rows as (

    select * from {{ ref('int_credit_rows__unioned') }}

),

final as (

    select
        title_id,
        min(title_type) as title_type,
        min(primary_title) as primary_title,
        min(original_title) as original_title,
        min(release_year) as release_year,
        min(end_year) as end_year,
        min(runtime_minutes) as runtime_minutes,
        min(genres) as genres,
        min(average_rating) as average_rating,
        min(num_votes) as num_votes,
        count(*) as credit_rows,
        min(source_file) as source_file

    from credit_rows
    group by title_id

)

select * from final
