from pulso.cli import run

run()
