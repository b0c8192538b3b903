-- SCD type 2 of each title's rating and votes over the Raw loads (see the closing rule
-- in the model's YAML): consecutive loads with the same rating and votes are one row.
with

snapshots as (

    select * from {{ ref('title_snapshots') }}

),

kind_loads as (

    select * from {{ ref('int_kind_loads') }}

),

sequenced as (

    select
        snapshots.title_id,
        snapshots.title_type,
        snapshots.load_date,
        snapshots.average_rating,
        snapshots.num_votes,
        kind_loads.previous_load,
        kind_loads.next_load,
        lag(snapshots.load_date) over title_loads as previous_seen,
        lag(snapshots.average_rating) over title_loads as previous_rating,
        lag(snapshots.num_votes) over title_loads as previous_votes

    from snapshots
    inner join kind_loads
        on
            snapshots.title_type = kind_loads.title_type
            and snapshots.load_date = kind_loads.load_date
    window title_loads as (partition by snapshots.title_id order by snapshots.load_date)

),

flagged as (

    -- a new state starts at a title's first load, after a load it was missing from,
    -- or when its rating or votes differ from its previous load
    select
        *,
        case
            when previous_seen is null then 1
            when previous_seen <> previous_load then 1
            when coalesce(
                average_rating <> previous_rating,
                (average_rating is null) <> (previous_rating is null)
            ) then 1
            when coalesce(
                num_votes <> previous_votes, (num_votes is null) <> (previous_votes is null)
            ) then 1
            else 0
        end as starts_state

    from sequenced

),

numbered as (

    select
        *,
        sum(starts_state) over (
            partition by title_id order by load_date rows unbounded preceding
        ) as state_number

    from flagged

),

states as (

    -- a state ends at the load of its kind after the last one it was seen in: there
    -- the title either changed (the next state starts) or was missing; NULL after the
    -- newest load of its kind. The title type is the one of that last load. (Taken
    -- with max_by in the same pass, so `numbered` is read once, not kept for a join.)
    select
        title_id,
        max_by(title_type, load_date) as title_type,
        min(average_rating) as average_rating,
        min(num_votes) as num_votes,
        min(load_date) as valid_from,
        -- (max_by skips NULL values: the open end goes in as a sentinel date)
        nullif(
            max_by(coalesce(next_load, cast('9999-12-31' as date)), load_date),
            cast('9999-12-31' as date)
        ) as valid_to

    from numbered
    group by title_id, state_number

),

final as (

    select
        title_id || '|' || cast(valid_from as string) as title_state_id,
        title_id,
        title_type,
        average_rating,
        num_votes,
        valid_from,
        valid_to,
        valid_to is null as is_current

    from states

)

select * from final
