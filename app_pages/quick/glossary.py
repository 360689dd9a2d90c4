"""Glossary: the words of drug treatment and commissioning, in plain language."""

import streamlit as st

from app_pages.shared.present import badge, plain
from scoring.glossary import search as find
from scoring.rulebook import Severity

BADGES = {"Red flag": badge(Severity.red), "Amber flag": badge(Severity.amber)}

st.title("Glossary")
st.markdown("The words used on scorecards and in the rules, in plain language. "
            "Scores run from 0 to 100, and higher is always better.")
search = st.text_input("Find a word", placeholder="e.g. OST, LERO, clawback, case mix")
found = find(search)
if not found:
    st.info("No word in the glossary matches that. Try a shorter word.",
            icon=":material/search_off:")
for term in sorted(found, key=lambda t: t.term.lower()):
    name = BADGES.get(term.term, f"**{plain(term.term)}**")
    st.markdown(f"{name}  \n{plain(term.meaning)}")
