class BackupError(Exception):
    """A backup that cannot be made, or an archive that must not be
    restored; the message says why, for the operator."""
