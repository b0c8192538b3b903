-- Every distinct title id read from the current Raw files is one trusted title.
with

raw_ids as (

    select count(distinct title_id) as n from {{ ref('int_credit_rows__unioned') }}

),

trusted as (

    select count(*) as n from {{ ref('titles') }}

)

select
    raw_ids.n as raw_distinct_ids,
    trusted.n as trusted_titles
from raw_ids cross join trusted
where raw_ids.n != trusted.n
