"""The evacuation figures (issue 18): one definition per figure, registered in the core indicator
registry; the home sections, the roll-up pages and bench/defence_zone.py read them."""
