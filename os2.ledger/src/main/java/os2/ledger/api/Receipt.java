package os2.ledger.api;

/**
 * Proof of a durable append: returned only once the entry is on disk (fsync). The tree size and
 * root are those after the group of appends this one was committed with, so they include it.
 *
 * @param index the entry's position
 * @param entryHash hex SHA-256 chain hash of the entry, {@code h_i = SHA-256(h_(i-1) || entry_i)}
 * @param leafHash hex RFC 9162 leaf hash, {@code SHA-256(0x00 || entry_i)}
 * @param treeSize the tree size the root covers ({@code > index})
 * @param rootHash hex Merkle root of the first {@code treeSize} entries
 */
public record Receipt(long index, String entryHash, String leafHash, long treeSize, String rootHash) {
}
