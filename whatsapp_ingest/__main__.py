"""`python -m whatsapp_ingest` runs the same CLI as `whatsapp-ingest`."""

from whatsapp_ingest.cli import run

run()
