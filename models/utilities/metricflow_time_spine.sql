-- The semantic layer's time spine: one row per day from 1870 to 2100, every year a
-- title can be released in and every load date. MetricFlow joins to it for offsets
-- (the change between two loads). No Jinja: readers run this same SQL as a temp view
-- (cinelake/warehouse/metrics.py), since they do not attach the warehouse file.
select cast(range as date) as date_day
from range(date '1870-01-01', date '2101-01-01', interval 1 day)
