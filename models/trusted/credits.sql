{{ config(alias='credits') }}

-- Credits: title x person x character, characters as they come (NULL when absent).
with

credit_rows as (

    select * from {{ ref('int_credit_rows__unioned') }}

),

final as (

    -- a repeated (title, person, character) row is one credit
    select
        md5(concat_ws('|', title_id, person_id, coalesce(character_name, ''))) as credit_id,
        title_id,
        person_id,
        character_name,
        min(credit_category) as credit_category

    from credit_rows
    group by title_id, person_id, character_name

)

select * from final
