-- Title x person: the credits collapsed to one row per (title, person), counting the
-- distinct characters the person plays in the title.
with

credits as (

    select * from {{ ref('credits') }}

),

title_people as (

    select
        title_id,
        person_id,
        -- count(distinct) skips NULL: a credit without a character counts for none
        count(distinct character_name) as character_count,
        -- one category per person and title in practice; min() keeps the pick deterministic
        min(credit_category) as credit_category

    from credits
    group by title_id, person_id

),

final as (

    select
        -- readable and unique: a title id and a person id never contain '|'
        title_id || '|' || person_id as title_person_id,
        title_id,
        person_id,
        credit_category,
        character_count

    from title_people

)

select * from final
