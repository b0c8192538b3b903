{#-
    The rating measures of a group of titles, shared by every yearly aggregate so they
    all mean the same thing: titles, mean, vote-weighted mean (NULL when the group has
    no votes), median (cast first: the median of an even count can fall between two
    tenths), total votes, mean Bayesian weighted rating and titles rated exactly 10.
    Means are rounded to 3 decimals. The weighted rating is a double, whose sum depends
    on the order the threads add it in: it is averaged as a decimal, so that a mean on a
    rounding tie (x.xxx5) comes out the same on every build.
-#}
{% macro rating_measures() -%}
    count(*) as title_count,
    round(avg(average_rating), 3)::double as mean_rating,
    round(
        sum(average_rating * num_votes)::double / nullif(sum(num_votes), 0), 3
    )::double as vote_weighted_mean_rating,
    median(average_rating::double) as median_rating,
    sum(num_votes)::bigint as total_votes,
    round(avg(weighted_rating::decimal(18, 6)), 3)::double as mean_weighted_rating,
    count(*) filter (where average_rating = 10) as rated_10_count
{%- endmacro %}
