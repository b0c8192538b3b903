-- The focus genres of var('focus_genres'), in the order given, and the label of their
-- union: the one list the focus marts' readers (tests, dashboard, report) take them from.
with

genres as (

    select * from {{ ref('dim_genres') }}

),

focus as (

    {% for genre in var('focus_genres') %}
        select
            '{{ genre }}' as genre,
            {{ loop.index }} as focus_position
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        focus.genre,
        cast(focus.focus_position as integer) as focus_position,
        '{{ focus_union_label() }}' as focus_union_label

    from focus
    inner join genres
        on focus.genre = genres.genre

)

select * from final
