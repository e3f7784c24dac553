"""Scores given to a disclosure as a whole (as opposed to the rules' findings on its parts)."""
