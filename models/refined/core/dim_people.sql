-- One row per person credited in the data (see the trusted `people` model for how the derived
-- person id can merge namesakes).
with

people as (

    select * from {{ ref('people') }}

),

final as (

    select
        person_id,
        person_name,
        birth_year,
        death_year,
        professions,
        known_for_title_ids,
        title_count

    from people

)

select * from final
