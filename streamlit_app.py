"""The web app: upload bids, compare their scorecards, see why every score is what it is."""

import streamlit as st

st.set_page_config(page_title="Treatment bid scorer", layout="wide")
st.title("Treatment bid scorer")
st.write("The web app is being built; the command line `python -m scoring score` works today.")
