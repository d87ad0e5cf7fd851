"""Safety gate: personal data, confidentiality and risk checks, policy, masking, privacy mode."""

import logging

# Presidio logs every recognizer and its device at INFO on import; the terminal and the app stay quiet.
logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
