"""Cells for spreadsheets: text that Excel or LibreOffice shows, never runs as a formula.

A cell beginning with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
programs skip first) would be read as a formula (CSV injection, OWASP); it gets a leading
apostrophe. Every export of the console writes its text cells through `neutralise`.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
