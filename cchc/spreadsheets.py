"""What every workbook the platform writes has in common."""

from __future__ import annotations

import io

from openpyxl import Workbook


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as an XLSX file, every value stored as the value it is.

    openpyxl writes a string that starts with "=" as a formula. Names, localities, answers
    and activity titles come from citizens and from imported files: "=HYPERLINK(…)" typed
    as a name would become a live link (or worse) in the organiser's spreadsheet. No export
    of ours writes formulas, so every such cell is stored as text.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
