package os2.ledger.api;

/**
 * A signed statement of the tree: C2SP signed-note format, body {@code origin\nsize\nbase64(root)\n},
 * then a blank line and the signature line(s). {@link #note()} is the exact text that was signed
 * and published.
 *
 * @param origin the log's name, e.g. {@code os2.local/ledger/<key id>}
 * @param treeSize entries covered
 * @param rootHash hex Merkle root at that size
 * @param note the full signed note
 */
public record Checkpoint(String origin, long treeSize, String rootHash, String note) {
}
