"""English dates as the house prints them everywhere: "2 December 2026" and "2 December 2026, 14:05".

Django's English default ("Dec. 2, 2026, 2:05 p.m.") ends in a full stop that doubles at the end of a
sentence; French and Spanish keep Django's own formats, already in this shape.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
