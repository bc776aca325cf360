"""The documented maximum of every free-text field, and of the numbers a request may carry.

One constant per field, read by the model (its `max_length` and a database check, so PostgreSQL and
SQLite refuse longer text too), by the forms (Django's model forms and explicit form fields take
`max_length` from here) and by the API serializers. A change of limit is one line here and a migration.
"""

# The largest id a request may name: the bigint primary keys' maximum. A larger number can name nothing,
# and the database drivers refuse it (SQLite: OverflowError) instead of finding nothing.
ID_MAX = 2**63 - 1

# django-simple-history's `history_change_reason` is a varchar(100): a longer reason is cut to fit (with an
# ellipsis) by `rbm.services.history_mark`, while the full text is kept on the record it belongs to.
HISTORY_REASON_MAX = 100

# --- Free text, in characters -------------------------------------------------------------------------
# Generous for what each text is (the longest published narrative section of seed 000 is under 6,000
# characters), small enough that a page, an export or a report cell stays readable. Excel holds 32,767
# characters in a cell, so nothing that goes into a workbook may be longer.
STATEMENT_MAX = 2_000  # an outcome's or an indicator's statement
CRITERION_MAX = 2_000  # a measurement criterion
RESULT_DESCRIPTION_MAX = 10_000  # what changed
RESULT_EVIDENCE_MAX = 10_000  # the evidence text of a result
REVIEW_MESSAGE_MAX = 5_000  # a validator's message, a reason for reopening a result
BIENNIUM_REASON_MAX = 2_000  # why a biennium was closed or reopened
NARRATIVE_SECTION_MAX = 30_000  # one headed section of an outcome's narrative
OUTPUT_MAX = 5_000  # a significant output
EVALUATION_SUMMARY_MAX = 30_000
EVALUATION_COMMENTS_MAX = 20_000  # comments from the Office
QUESTION_MAX = 2_000  # an evaluation question
FINDING_MAX = 30_000  # a finding under one criterion, a synthesis finding
LESSON_MAX = 10_000  # a lesson learned or a good practice
RECOMMENDATION_MAX = 10_000
RESPONSE_MAX = 30_000  # the Office's response
ACTION_DESCRIPTION_MAX = 5_000  # a follow-up action
CANCELLATION_REASON_MAX = 2_000
PROGRESS_MAX = 5_000  # a progress update and its evidence
# Plans of action: the longest matrix cell of seeds 003 and 004 (a means of action) is 330 characters, a
# category's title 134; the limits leave room for a plan drafted more wordily than the published ones.
PLAN_TITLE_MAX = 2_000  # a category's title
PLAN_CELL_MAX = 5_000  # a matrix cell: an activity, a means of action and its extra column, a target, a baseline
KEY_OUTPUT_STATUS_MAX = 20_000  # the reason and the evidence of a key output's status
NOTIFICATION_MESSAGE_MAX = REVIEW_MESSAGE_MAX  # a notification carries a validator's message

# --- A form kept across an ended session ----------------------------------------------------------
# What a signed-out user had typed waits in their new session until they sign in again: at most this many
# characters (names and values together; more than the longest form, a narrative, holds), this many
# fields, for this long.
KEPT_FORM_CHARS_MAX = 200_000
KEPT_FORM_FIELDS_MAX = 300
KEPT_FORM_SECONDS = 60 * 60
