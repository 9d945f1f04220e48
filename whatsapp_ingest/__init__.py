"""whatsapp-ingest: WhatsApp group exports → attendance and activeness records of a bimlat programme.

The pipeline is a row of stages, one module each, in the order data flows:
read → parse (formats, classify) → identify → store → rules → calendar → aggregate → write.
"""

__version__ = "0.1.0"
