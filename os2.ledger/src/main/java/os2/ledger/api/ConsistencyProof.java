package os2.ledger.api;

import java.util.List;

/**
 * RFC 9162 §2.1.4 consistency proof: the tree of {@code size2} entries extends the tree of
 * {@code size1} entries without changing them.
 *
 * @param size1 the older size
 * @param size2 the newer size
 * @param path hex hashes
 */
public record ConsistencyProof(long size1, long size2, List<String> path) {
}
