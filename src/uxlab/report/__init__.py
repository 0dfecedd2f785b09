"""The usability report: ISO/IEC 25062 CIF outline, as self-contained HTML or Markdown."""
