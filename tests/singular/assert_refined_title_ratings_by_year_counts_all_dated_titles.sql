-- Every title with a release year is counted in exactly one (type, year) row.
with

titles as (

    select * from {{ ref('dim_titles') }}

),

ratings_by_year as (

    select * from {{ ref('title_ratings_by_year') }}

),

expected as (

    select count(*) as title_count from titles
    where release_year is not null

),

actual as (

    select coalesce(sum(title_count), 0) as title_count from ratings_by_year

)

select
    expected.title_count as dated_titles,
    actual.title_count as counted_titles

from expected
cross join actual
where expected.title_count != actual.title_count
