{%- set windows = [2, var('movers_window_loads')] | unique | list -%}

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

changes as (

    -- titles in both the first and the last load of the window
    select
        windows.movers_window,
        windows.window_loads,
        windows.from_load_date,
        windows.to_load_date,
        later.title_id,
        later.title_type,
        later.primary_title,
        later.genres,
        earlier.average_rating as rating_from,
        later.average_rating as rating_to,
        later.average_rating - earlier.average_rating as rating_change,
        earlier.num_votes as votes_from,
        later.num_votes as votes_to,
        later.num_votes - earlier.num_votes as votes_change

    from windows
    inner join snapshots as later
        on
            windows.title_type = later.title_type
            and windows.to_load_date = later.load_date
    inner join snapshots as earlier
        on
            later.title_id = earlier.title_id
            and windows.from_load_date = earlier.load_date

),

grouped as (

    -- every title in 'All titles', in each focus genre it carries (in the last load),
    -- and once in the union of the focus genres
    select
        'All titles' as focus_group,
        changes.*
    from changes

    union all

    select
        focus_genres.genre as focus_group,
        changes.*
    from changes
    inner join focus_genres
        on {{ list_has_value('changes.genres', 'focus_genres.genre') }}

    union all

    select distinct
        focus_genres.focus_union_label as focus_group,
        changes.*
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

ranked as (

    select
        *,
        rank() over (
            partition by movers_window, focus_group, measure order by abs_change desc
        ) as mover_rank

    from measured

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

    from ranked
    where mover_rank <= {{ var('movers_top_n') }}

)

select * from final
