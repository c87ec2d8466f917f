"""``leaflet studio``: edit, check and preview the leaflets in a local web page.

:mod:`.server` (the HTTP server and its safety rules), :mod:`.session` (opening, checking,
previewing and saving a leaflet), :mod:`.yamltexts` (round-trip YAML), ``static/`` (the page).
"""
