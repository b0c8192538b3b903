{%- set windows = [2, var('movers_window_loads')] | unique | list -%}
{%- set change_columns -%}
changes.movers_window,
        changes.window_loads,
        changes.from_load_date,
        changes.to_load_date,
        changes.title_id,
        changes.title_type,
        changes.rating_from,
        changes.rating_to,
        changes.rating_change,
        changes.votes_from,
        changes.votes_to,
        changes.votes_change
{%- endset -%}

-- The titles whose rating and votes moved most between the first and the last load of
-- a window of each kind's newest loads (the last 2, the last var('movers_window_loads')),
-- overall and per focus group; the top var('movers_top_n') of each (ties included).
with

snapshots as (

    select * from {{ ref('title_snapshots') }}

),

focus_genres as (

    select * from {{ ref('focus_genres') }}

),

kind_loads as (

    select * from {{ ref('int_kind_loads') }}

),

windows as (

    {% for window_loads in windows %}
        select
            newest.title_type,
            'last_{{ window_loads }}_loads' as movers_window,
            {{ window_loads }} as window_loads,
            oldest.load_date as from_load_date,
            newest.load_date as to_load_date

        from kind_loads as newest
        inner join kind_loads as oldest
            on
                newest.title_type = oldest.title_type
                and oldest.load_number = least(newest.load_count, {{ window_loads }})
        where newest.load_number = 1 and newest.load_count > 1
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

window_snapshots as (

    -- the snapshots of the windows' first and last loads only, narrow: the rest of the
    -- history is never carried through the joins below
    select
        snapshots.title_id,
        snapshots.title_type,
        snapshots.load_date,
        snapshots.genres,
        snapshots.average_rating,
        snapshots.num_votes

    from snapshots
    where snapshots.load_date in (
        select windows.from_load_date from windows
        union
        select windows.to_load_date from windows
    )

),

changes as (

    -- titles in both the first and the last load of the window
    select
        windows.movers_window,
        windows.window_loads,
        windows.from_load_date,
        windows.to_load_date,
        later.title_id,
        later.title_type,
        later.genres,
        earlier.average_rating as rating_from,
        later.average_rating as rating_to,
        later.average_rating - earlier.average_rating as rating_change,
        earlier.num_votes as votes_from,
        later.num_votes as votes_to,
        later.num_votes - earlier.num_votes as votes_change

    from windows
    inner join window_snapshots as later
        on
            windows.title_type = later.title_type
            and windows.to_load_date = later.load_date
    inner join window_snapshots as earlier
        on
            later.title_id = earlier.title_id
            and windows.from_load_date = earlier.load_date

),

grouped as (

    -- every title in 'All titles', in each focus genre it carries (in the last load),
    -- and once in the union of the focus genres
    select
        'All titles' as focus_group,
        {{ change_columns }}
    from changes

    union all

    select
        focus_genres.genre as focus_group,
        {{ change_columns }}
    from changes
    inner join focus_genres
        on {{ list_has_value('changes.genres', 'focus_genres.genre') }}

    union all

    select distinct
        focus_genres.focus_union_label as focus_group,
        {{ change_columns }}
    from changes
    inner join focus_genres
        on {{ list_has_value('changes.genres', 'focus_genres.genre') }}

),

measured as (

    select
        'average_rating' as measure,
        grouped.*,
        abs(grouped.rating_change) as abs_change
    from grouped
    where grouped.rating_change <> 0

    union all

    select
        'num_votes' as measure,
        grouped.*,
        abs(grouped.votes_change) as abs_change
    from grouped
    where grouped.votes_change <> 0

),

thresholds as (

    -- the top_n-th largest change of each ranking: a row ranks within the top n (ties
    -- included) exactly when its change is at least that. A streaming aggregate keeping
    -- n values per ranking, instead of a window over every change, so memory does not
    -- grow with the number of titles.
    select
        movers_window,
        focus_group,
        measure,
        {{ nth_largest('abs_change', var('movers_top_n')) }} as threshold

    from measured
    group by movers_window, focus_group, measure

),

top_movers as (

    select measured.*
    from measured
    inner join thresholds
        on
            measured.movers_window = thresholds.movers_window
            and measured.focus_group = thresholds.focus_group
            and measured.measure = thresholds.measure
    where measured.abs_change >= thresholds.threshold

),

ranked as (

    select
        top_movers.*,
        rank() over (
            partition by top_movers.movers_window, top_movers.focus_group, top_movers.measure
            order by top_movers.abs_change desc
        ) as mover_rank

    from top_movers

),

titled as (

    select
        ranked.*,
        snapshots.primary_title

    from ranked
    inner join snapshots
        on
            ranked.title_id = snapshots.title_id
            and ranked.to_load_date = snapshots.load_date

),

final as (

    select
        movers_window || '|' || focus_group || '|' || measure || '|' || title_id
            as mover_id,
        movers_window,
        cast(window_loads as integer) as window_loads,
        focus_group,
        measure,
        cast(mover_rank as integer) as mover_rank,
        title_id,
        title_type,
        primary_title,
        from_load_date,
        to_load_date,
        rating_from,
        rating_to,
        cast(rating_change as decimal(4, 1)) as rating_change,
        votes_from,
        votes_to,
        cast(votes_change as bigint) as votes_change

    from titled

)

select * from final
