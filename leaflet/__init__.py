"""leaflet: printable and shareable anti-fraud leaflets for Kazakhstan, in Kazakh and Russian."""

__version__ = "0.1.0"
