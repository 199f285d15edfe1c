package os2.ledger.api;

import java.util.List;

/**
 * RFC 9162 §2.1.3 inclusion proof: the audit path from one leaf to the root of a tree size.
 *
 * @param index the leaf's position
 * @param treeSize the tree size proven against
 * @param leafHash hex leaf hash of the entry
 * @param path hex hashes, from the leaf's sibling up
 */
public record InclusionProof(long index, long treeSize, String leafHash, List<String> path) {
}
