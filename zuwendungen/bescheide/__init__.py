"""Letters of the grant's life, on antraege.bescheide's PDF machinery (WeasyPrint, PDF/A-3b)."""
