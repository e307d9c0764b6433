"""Views of the payout process, by topic: abruf (both sides), kasse (Landeskasse), bank (Administration)."""
