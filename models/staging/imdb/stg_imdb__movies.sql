-- The newest movies.csv partition with English names; types come from the reader.
-- Before any movies.csv has landed: no rows, with the same columns and types.
with

source as (

    {{ newest_raw_partition('imdb', 'movies') }}

),

final as (

    select
        {{- imdb_credit_row_columns('movie', end_year='cast(null as integer)') }}
    from source

)

select * from final
