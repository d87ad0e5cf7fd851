"""One guarded door for every call that leaves the machine (chat, query translation, embeddings, speech, the
admin's connection test): `clients` builds the clients with one retry policy, `guard` is the privacy step,
`door.Door` hands features the guarded clients. No other module under studio/ builds a client."""

from studio.outbound.door import Door, privacy_state, privacy_summary

__all__ = ["Door", "privacy_state", "privacy_summary"]
