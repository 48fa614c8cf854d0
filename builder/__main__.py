"""`python -m builder`: the cityindex command."""

from .cli import main

main(prog_name="cityindex")
