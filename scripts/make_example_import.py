"""Writes docs/examples/elevimport.xlsx from docs/examples/elevimport.csv (the same rows, every cell
as text, so identity numbers keep their leading zeros). Run after editing the CSV:

    .venv/bin/python scripts/make_example_import.py
"""

import csv
from pathlib import Path

from openpyxl import Workbook

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


def main():
    with (EXAMPLES / "elevimport.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Elever"
    for row in rows:
        sheet.append(row)
    for column in sheet.columns:
        for cell in column:
            cell.number_format = "@"
    workbook.save(EXAMPLES / "elevimport.xlsx")


if __name__ == "__main__":
    main()
