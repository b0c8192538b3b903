{{ config(materialized='ephemeral', contract={'enforced': false}) }}

-- The loads of each file kind (title type), numbered and paired with their neighbours:
-- defined once for both history marts, which each used to derive it for themselves.
with

snapshots as (

    select * from {{ ref('title_snapshots') }}

),

loads as (

    select distinct
        title_type,
        load_date

    from snapshots

),

final as (

    select
        title_type,
        load_date,
        lag(load_date) over (partition by title_type order by load_date) as previous_load,
        lead(load_date) over (partition by title_type order by load_date) as next_load,
        row_number() over (partition by title_type order by load_date desc) as load_number,
        count(*) over (partition by title_type) as load_count

    from loads

)

select * from final
