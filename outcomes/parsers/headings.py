"""Headings published reports give an outcome: "Outcome 4: More people have access to ..."."""

import re

from django.utils.translation import gettext_lazy as _

# "Outcome 4: statement", "Outcome 4. statement", "Outcome 10A: statement": the number, then the statement.
OUTCOME_HEADING = re.compile(r"^\s*Outcome\s+(\d+[A-Za-z]?)\s*[:.]\s*(.+?)\s*$")
NO_OUTCOME = _("No “Outcome N: statement” line was found.")
