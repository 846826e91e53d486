"""Excel workbooks (openpyxl): lists and reports out, facilities and trainees in. Qt-free."""
