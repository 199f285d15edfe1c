package os2.ledger.api;

/**
 * Where the ledger stands: its size and root now, and the last signed checkpoint.
 *
 * @param size number of entries
 * @param rootHash hex Merkle root over all of them
 * @param chainHash hex chain hash of the last entry (SHA-256 of nothing when empty)
 * @param lastCheckpoint the newest signed checkpoint, or null before the first
 */
public record Head(long size, String rootHash, String chainHash, Checkpoint lastCheckpoint) {
}
