{#-
    The select list of an IMDb staging model: the Raw columns under English snake_case
    names, lists as lists, years as integers (the reader's smallint is no Iceberg
    type). Movies and series share all but the title type and the end year (series
    only), so the list is written once here.
-#}
{% macro imdb_credit_row_columns(title_type, end_year) %}
        id as title_id,
        '{{ title_type }}' as title_type,
        titulopincipal as primary_title,
        titulooriginal as original_title,
        cast(anolancamento as integer) as release_year,
        {{ end_year }} as end_year,
        tempominutos as runtime_minutes,
        {{ split_list('genero') }} as genres,
        {{ one_decimal_rating('notamedia') }} as average_rating,
        numerovotos as num_votes,
        generoartista as credit_category,
        personagem as character_name,
        nomeartista as person_name,
        cast(anonascimento as integer) as birth_year,
        cast(anofalecimento as integer) as death_year,
        {{ split_list('profissao') }} as professions,
        {{ split_list('titulosmaisconhecidos') }} as known_for_title_ids,
        filename as source_file
{% endmacro %}

{#- A comma-separated field as a list (NULL stays NULL); engines spell it differently. -#}
{% macro split_list(column) -%}
    {{ return(adapter.dispatch('split_list', 'cinelake')(column)) }}
{%- endmacro %}

{% macro default__split_list(column) -%}
    string_split({{ column }}, ',')
{%- endmacro %}

{#-
    The rating as decimal(3,1), when the file has it with (at most) one decimal: the
    reader reads it wider (see the `imdb` source), so a `7.25` is NULL here, not 7.3,
    and fails the test `int_credit_rows__average_rating_present_with_one_decimal`.
-#}
{% macro one_decimal_rating(column) -%}
    case when {{ column }} = round({{ column }}, 1) then cast({{ column }} as decimal(3, 1)) end
{%- endmacro %}
