"""WhatsApp's own wordings per language (TOML tables beside this file): notices, placeholders, markers."""
