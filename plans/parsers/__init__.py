"""Reading published plans of action: the activity matrix (both layouts) and what the document says
around it (symbol, session, author unit, the footnote that states a target's baseline)."""
