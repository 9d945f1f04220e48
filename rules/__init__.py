"""Rule sets shipped with whatsapp-ingest (TOML files beside this one), installed as `whatsapp_ingest.rules`."""
