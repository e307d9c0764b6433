"""Views of the antraege app, one package or module per area (the public names are imported in urls.py).

- antragstellung: applicants fill in, save, submit, withdraw; history; attachments
- pruefung: reviewers' queue, review, Nachforderung, Anhörung, proposals, Zeichnung; the answers
- dokumente: PDF downloads and previews

Every view reaches its Antrag, Anlage or Dokument through antraege.zugriff.
"""
