"""The one error every handover provider raises (cyberprotect/handover/providers.py, email_provider.py): never carries
message text, contact details or addresses, only what failed."""


class HandoverError(Exception):
    """The provider could not be reached or refused the call (never carries message text)."""
