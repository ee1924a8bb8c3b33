"""The yardstick of bench_dashboard.py: a minimal Streamlit page with one plotly chart."""

import plotly.express as px
import streamlit as st

st.title("Minimal")
st.plotly_chart(px.bar(x=["a", "b", "c"], y=[1, 3, 2]))
st.caption("Read from nothing: the minimal page")
