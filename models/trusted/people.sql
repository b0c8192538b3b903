{{ config(alias='people') }}

-- People. The data has no person id: the key (person_id, derived in the intermediate
-- model) comes from the normalised name and the birth year. Two people with the same
-- name and the same (or unknown) birth year collapse into one; the same person listed
-- with and without a birth year splits in two.
with

credit_rows as (

    select * from {{ ref('int_credit_rows__unioned') }}

),

final as (

    -- attributes can differ between a person's rows: take them from the row of the
    -- smallest title id, so the choice is the same on every build
    select
        person_id,
        min(person_name) as person_name,
        min(birth_year) as birth_year,
        {{ arg_min_not_null('death_year', 'title_id') }} as death_year,
        {{ arg_min_not_null('professions', 'title_id') }} as professions,
        {{ arg_min_not_null('known_for_title_ids', 'title_id') }} as known_for_title_ids,
        count(distinct title_id) as title_count

    from credit_rows
    group by person_id

)

select * from final
