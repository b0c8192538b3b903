-- One row per person credited in the data (see trusted_people for how the derived
-- person id can merge namesakes).
with

people as (

    select * from {{ ref('trusted_people') }}

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
