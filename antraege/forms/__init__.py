"""Forms of the antraege app, one module per area: antragstellung, pruefung."""
