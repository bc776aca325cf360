"""The documented maximum of every free-text field, and of the numbers a request may carry.

One constant per field, read by the model (its `max_length` and a database check, so PostgreSQL and
SQLite refuse longer text too), by the forms (Django's model forms and explicit form fields take
`max_length` from here) and by the API serializers. A change of limit is one line here and a migration.
"""

# The largest id a request may name: the bigint primary keys' maximum. A larger number can name nothing,
# and the database drivers refuse it (SQLite: OverflowError) instead of finding nothing.
ID_MAX = 2**63 - 1
