-- The semantic layer's time spine: one row per day from 1870 to 2100, every year a
-- title can be released in and every load date. MetricFlow joins to it for offsets
-- (the change between two loads). No Jinja, and SQL both DuckDB and Spark read (their
-- `range` table function; 84,371 days): readers run this same SQL as a temp view
-- (cinelake/warehouse/metrics.py), since they do not attach the warehouse file.
select date '1870-01-01' + cast(day_numbers.day_number as integer) as date_day
from range(0, 84371) as day_numbers (day_number)
