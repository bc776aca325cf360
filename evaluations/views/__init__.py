"""The evaluation pages, one module per entity: evaluations (the register), recommendations, responses, follow-up."""
