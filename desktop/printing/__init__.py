"""Official documents as PDF (reportlab), laid out per Nghị định 30/2020: Qt-free, so the command line,
the app and tests print the same pages."""
