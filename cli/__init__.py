"""baocao's command line: Typer parses, Rich renders; only names from ``engine`` are used."""
