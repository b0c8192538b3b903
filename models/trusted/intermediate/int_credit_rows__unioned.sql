{{
    config(
        pre_hook="{{ clear_csv_rejects() }}",
        post_hook="{{ persist_csv_rejects() }}",
    )
}}

-- Movies and series rows together: the one place the Raw CSVs are read in a build.
-- The person key is derived here once for the Trusted models that need it.
with

movies as (

    select * from {{ ref('stg_imdb__movies') }}

),

series as (

    select * from {{ ref('stg_imdb__series') }}

),

unioned as (

    -- the same columns in the same order (both from `imdb_credit_row_columns`)
    select * from movies
    union all
    select * from series

),

final as (

    select
        *,
        {{ person_key('person_name', 'birth_year') }} as person_id

    from unioned

)

select * from final
