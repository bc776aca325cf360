"""Reading the documents indicators import: a published results table (text) and the bulk-entry workbook (Excel).

Parsers read and report problems; they never write. The services decide what is saved.
"""
