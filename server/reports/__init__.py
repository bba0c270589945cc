"""Reports as tables (CSV and XLSX downloads) and quiz files (JSON export, Kahoot import)."""
