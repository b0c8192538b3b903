"""The analytics app: one page spec rendered by the Streamlit dashboard and the report."""
