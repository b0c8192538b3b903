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
    cast(round(avg(average_rating), 3) as double) as mean_rating,
    cast(round(
        cast(sum(average_rating * num_votes) as double) / nullif(sum(num_votes), 0), 3
    ) as double) as vote_weighted_mean_rating,
    median(cast(average_rating as double)) as median_rating,
    cast(sum(num_votes) as bigint) as total_votes,
    cast(round(avg(cast(weighted_rating as decimal(18, 6))), 3) as double) as mean_weighted_rating,
    count(*) filter (where average_rating = 10) as rated_10_count
{%- endmacro %}
