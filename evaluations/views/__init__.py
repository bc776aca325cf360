"""The evaluation pages, one module per part: the register, recommendations and responses, follow-up."""
