package os2.ledger.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The Merkle tree of a ledger being verified, rebuilt from its entries' bytes batch by batch on a
 * thread of its own: leaf hashes, the nodes above them, and the root at each signed tree size
 * (known in advance), so the verifying thread never touches the tree while it grows.
 */
final class TreeRebuilder {

	/** What one batch gave: its leaf hashes, the blobs its entries name (mostly null), the roots it reached. */
	record Hashed(byte[][] leaves, String[] blobs, List<byte[]> roots) {
	}

	private final Sha256 sha = new Sha256();
	private final TreeNodes nodes = new TreeNodes();
	private final MerkleTree tree = new MerkleTree(nodes);
	private final long[] signedSizes;
	private int nextSigned;

	/** {@code signedSizes}: the tree sizes whose roots are wanted, ascending. */
	TreeRebuilder(long[] signedSizes) {
		this.signedSizes = signedSizes;
	}

	Hashed add(List<Record> records) {
		byte[][] leaves = new byte[records.size()][];
		String[] blobs = new String[records.size()];
		List<byte[]> roots = new ArrayList<>();
		for (int i = 0; i < leaves.length; i++) {
			byte[] json = records.get(i).json();
			leaves[i] = sha.leaf(json);
			nodes.append(leaves[i]);
			blobs[i] = BlobReference.in(json);
			while (nextSigned < signedSizes.length && signedSizes[nextSigned] == nodes.leafCount()) {
				roots.add(tree.root(nodes.leafCount()));
				nextSigned++;
			}
		}
		return new Hashed(leaves, blobs, roots);
	}

	/** MTH of the first {@code size} entries added; only while no {@link #add} runs. */
	byte[] root(long size) {
		return tree.root(size);
	}
}
