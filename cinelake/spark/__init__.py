"""Running the dbt project on Apache Spark: the local mirror of the lake and its helpers."""
