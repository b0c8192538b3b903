{#-
    dbt's own incremental materialization on both engines, partitioned by load_date:
    DuckDB replaces the stale dates with delete + insert in one transaction (an Iceberg
    table in the catalog), Spark overwrites their partitions (Parquet in the lake). A
    run computes only the load dates with a Raw object not yet in the table at its
    version (the filter at the end, `stale_partitions_filter`), and reads only their Raw
    files. On DuckDB the reject-log hooks run outside the model's transaction: they
    write to the warehouse file, and a transaction writes to one database. dbt-spark's
    incremental materialization runs only the hooks inside it (`run_hooks` with its
    default), and Spark has no transactions: there they are inside.
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='insert_overwrite' if target.type == 'spark' else 'delete+insert',
        unique_key='load_date',
        on_schema_change='fail',
        partition_by='load_date',
        partition_inputs='stg_imdb__raw_files',
        partition_version=['source_file', 'landed_at'],
        pre_hook={'sql': "{{ clear_csv_rejects() }}", 'transaction': target.type == 'spark'},
        post_hook=[
            {
                'sql': "{{ persist_csv_rejects_of_loads(ref('stg_imdb__raw_files')) }}",
                'transaction': target.type == 'spark',
            },
            {'sql': "{{ iceberg_partitioned_by('load_date') }}", 'transaction': False},
        ],
    )
}}

-- depends_on: {{ ref('int_credit_rows__unioned') }}
-- (Only orders the build: the two models that read the Raw files each keep their CSV
-- rejects through a post-hook, and must not write the build log at the same time.)

-- One row per title per load date, movies and series together, with the version of
-- the Raw object it was read from (key and landed_at): a build writes only the dates
-- whose Raw objects are new or replaced. The
-- input repeats the title fields on every credit row; min() picks the same value on
-- every build, as in `titles`.
with

movie_loads as (

    select * from {{ ref('stg_imdb__movie_loads') }}

),

series_loads as (

    select * from {{ ref('stg_imdb__series_loads') }}

),

raw_files as (

    select * from {{ ref('stg_imdb__raw_files') }}

),

unioned as (

    -- the same columns in the same order (both from `imdb_title_load_columns`)
    select * from movie_loads
    union all
    select * from series_loads

),

versioned as (

    select
        unioned.*,
        raw_files.landed_at

    from unioned
    inner join raw_files on unioned.source_file = raw_files.source_file
    {%- if is_incremental() %}
    -- the load dates with a Raw object not in the table at its version (key, landed_at)
    where {{ stale_partitions_filter('unioned.load_date') }}
    {%- endif %}

),

final as (

    select
        title_id,
        load_date,
        min(title_type) as title_type,
        min(primary_title) as primary_title,
        min(original_title) as original_title,
        min(release_year) as release_year,
        min(end_year) as end_year,
        min(runtime_minutes) as runtime_minutes,
        min(genres) as genres,
        min(average_rating) as average_rating,
        min(num_votes) as num_votes,
        min(source_file) as source_file,
        min(landed_at) as landed_at

    from versioned
    group by title_id, load_date

)

select * from final
