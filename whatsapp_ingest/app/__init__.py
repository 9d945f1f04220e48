"""The local web app (`whatsapp-ingest app FOLDER`): owns the page a supervisor opens instead of a
terminal — drop exports into the inbox, read the figures, copy the lists for WhatsApp, fix the
roster — served on 127.0.0.1 only, behind a secret token. It calls the same library functions as
the command line (`pipeline.run`, the roster and inbox helpers); like cli.py it is on top of every
stage and is one of the two places that turn errors into messages and status codes."""
