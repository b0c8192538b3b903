-- The genre explode loses and invents nothing: one bridge row per element of every
-- title's genre list.
with

titles as (

    select * from {{ ref('titles') }}

),

title_genres as (

    select * from {{ ref('bridge_title_genres') }}

),

expected as (

    select coalesce(sum({{ list_length('genres') }}), 0) as row_count from titles

),

actual as (

    select count(*) as row_count from title_genres

)

select
    expected.row_count as expected_rows,
    actual.row_count as bridge_rows

from expected
cross join actual
where expected.row_count != actual.row_count
