-- The newest series.csv partition with English names; types come from the reader.
-- Before any series.csv has landed: no rows, with the same columns and types.
with

source as (

    {{ newest_raw_partition('imdb', 'series') }}

),

final as (

    select
        {{- imdb_credit_row_columns('series', end_year='cast(anotermino as integer)') }}
    from source

)

select * from final
