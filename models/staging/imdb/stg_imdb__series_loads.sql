-- Every landed series.csv partition (not only the newest), at the title fields, each row
-- with the load date taken from its key. Before any series.csv has landed: no rows, with
-- the same columns and types.
with

source as (

    {{ all_raw_partitions('imdb', 'series') }}

),

renamed as (

    select
        {{- imdb_credit_row_columns('series', end_year='cast(anotermino as integer)') }},
        load_date
    from source

),

final as (

    select
        {{- imdb_title_load_columns() }}
    from renamed

)

select * from final
