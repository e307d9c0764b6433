"""Forms of the antraege app, one module per area: antragstellung (with the line formsets in
zeilen and the shared field helpers in felder), pruefung."""
