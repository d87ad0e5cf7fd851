"""Safety gate: personal data, confidentiality and risk checks, policy, masking, privacy mode."""
