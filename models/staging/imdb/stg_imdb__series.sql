{%- set raw_file = latest_raw_file('Series', 'series.csv') -%}

-- The newest series.csv partition with English names; types come from the reader.
-- Before any series.csv has landed: no rows, with the same columns and types.
with

source as (

    {% if raw_file is none %}
        {{ empty_raw_source('imdb', 'series') }}
    {% else %}
        select * from {{ source('imdb', 'series') }}
        where filename = {{ raw_file }}
    {% endif %}

),

final as (

    select
        id as title_id,
        'series' as title_type,
        titulopincipal as primary_title,
        titulooriginal as original_title,
        anolancamento as release_year,
        anotermino as end_year,
        tempominutos as runtime_minutes,
        string_split(genero, ',') as genres,
        notamedia as average_rating,
        numerovotos as num_votes,
        generoartista as credit_category,
        personagem as character_name,
        nomeartista as person_name,
        anonascimento as birth_year,
        anofalecimento as death_year,
        string_split(profissao, ',') as professions,
        string_split(titulosmaisconhecidos, ',') as known_for_title_ids,
        filename as source_file

    from source

)

select * from final
