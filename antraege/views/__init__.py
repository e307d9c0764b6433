"""Views of the antraege app, one module per area (the public names are imported in urls.py).

- antragstellung: applicants fill in, save, submit, withdraw; history; attachments
- pruefung: reviewers' queue, review, Nachforderung, Anhörung, proposals, Zeichnung
- dokumente: PDF downloads and previews
"""
