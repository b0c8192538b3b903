-- One row per landed TMDB record, with the fields of its details body typed, as the
-- real bodies have them: budget and revenue 0 mean unknown (NULL), "" is NULL, dates
-- are parsed ("" is NULL), a vote average of 0 means nobody voted (NULL), absent
-- fields (older body shapes) are NULL. Movies and series share the columns: a series
-- has `name`, `original_name` and `first_air_date` where a movie has `title`,
-- `original_title` and `release_date`. Genre names stay as landed (some bodies are
-- localised); `tmdb_titles` names them from the ids. JSON functions are the
-- dispatched macros of macros/json_fields.sql.
with

responses as (

    select * from {{ ref('stg_tmdb__responses') }}

),

details as (

    -- only a fetched record's body is a details body (not_found: a find or error body)
    select
        *,
        case when outcome = 'fetched' then body end as details

    from responses

),

final as (

    select
        title_id,
        media_type,
        tmdb_id,
        outcome,
        http_status,
        endpoint,
        fetched_at,
        load_date,
        -- the IMDb id the body gives (movies only; TMDB has some null or "")
        nullif({{ json_text('details', 'imdb_id') }}, '') as details_imdb_id,
        nullif(
            coalesce({{ json_text('details', 'title') }}, {{ json_text('details', 'name') }}),
            ''
        ) as tmdb_title,
        nullif(
            coalesce(
                {{ json_text('details', 'original_title') }},
                {{ json_text('details', 'original_name') }}
            ),
            ''
        ) as tmdb_original_title,
        coalesce(
            {{ json_date('details', 'release_date') }},
            {{ json_date('details', 'first_air_date') }}
        ) as release_date,
        nullif(cast(round({{ json_number('details', 'budget') }}) as bigint), 0) as budget,
        nullif(cast(round({{ json_number('details', 'revenue') }}) as bigint), 0) as revenue,
        nullif(
            cast(round({{ json_number('details', 'runtime') }}) as integer), 0
        ) as runtime_minutes,
        {{ json_number('details', 'popularity') }} as popularity,
        nullif({{ json_number('details', 'vote_average') }}, 0) as vote_average,
        cast(round({{ json_number('details', 'vote_count') }}) as integer) as vote_count,
        nullif({{ json_text('details', 'original_language') }}, '') as original_language,
        case
            when details is not null
                then {{ json_list('details', 'production_countries[*].iso_3166_1') }}
        end as production_countries,
        case
            when details is not null then {{ json_list('details', 'origin_country[*]') }}
        end as origin_countries,
        case
            when details is not null then {{ json_list('details', 'genres[*].id', 'integer') }}
        end as genre_ids,
        case
            when details is not null then {{ json_list('details', 'genres[*].name') }}
        end as genre_names,
        nullif({{ json_text('details', 'status') }}, '') as release_status,
        source_file

    from details

)

select * from final
