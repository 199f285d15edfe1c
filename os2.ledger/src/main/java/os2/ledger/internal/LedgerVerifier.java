package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.LedgerException;
import os2.ledger.api.Verification;

/**
 * Checks a whole ledger from its first byte: every record's framing and checksum, the hash chain,
 * the derived hashes, the Merkle root at every signed checkpoint, and that nothing below the last
 * checkpoint is missing. Reports the first entry that is wrong and how.
 */
final class LedgerVerifier {

	private static final HexFormat HEX = HexFormat.of();

	private LedgerVerifier() {
	}

	static Verification verify(LedgerStore store) {
		List<Checkpoint> checkpoints = store.checkpoints();
		Sha256 sha = new Sha256();
		TreeNodes nodes = new TreeNodes();
		MerkleTree tree = new MerkleTree(nodes);
		byte[] chain = Sha256.EMPTY;
		long index = 0;
		int nextCheckpoint = 0;
		long verifiedUpTo = 0;
		long expected = store.size();
		try {
			FileChannel derived = store.hashesFile();
			ByteBuffer storedHashes = ByteBuffer.allocate(64 * 16384);
			long derivedRead = 0;
			storedHashes.limit(0);
			for (int segment = 0; segment < store.segments().count(); segment++) {
				try (RecordReader reader = new RecordReader(store.segments().directory().resolve(Segments.name(segment)))) {
					while (!reader.atEnd()) {
						RecordReader.Read read = reader.next();
						if (read.problem() != null) {
							return bad(index, tree, nodes, "entry " + index + " in " + Segments.name(segment) + ": " + read.problem());
						}
						Record record = read.record();
						byte[] recomputed = sha.chain(chain, record.json());
						if (!Arrays.equals(recomputed, record.chainHash())) {
							return bad(index, tree, nodes, "entry " + index + " breaks the hash chain: it was edited, or an entry "
									+ "before it was removed, inserted or moved");
						}
						byte[] leaf = sha.leaf(record.json());
						if (!storedHashes.hasRemaining()) {
							storedHashes.clear();
							int got = derived.read(storedHashes, derivedRead);
							storedHashes.flip();
							derivedRead += Math.max(got, 0);
						}
						if (storedHashes.remaining() >= 64) {
							byte[] storedLeaf = new byte[32];
							byte[] storedChain = new byte[32];
							storedHashes.get(storedLeaf).get(storedChain);
							if (!Arrays.equals(storedLeaf, leaf) || !Arrays.equals(storedChain, recomputed)) {
								return bad(index, tree, nodes, "entry " + index + " does not match its hashes in hashes.dat: "
										+ "the entry or the hash file was changed");
							}
						}
						chain = recomputed;
						nodes.append(leaf);
						index++;
						while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).treeSize() == index) {
							Checkpoint checkpoint = checkpoints.get(nextCheckpoint++);
							if (!HEX.formatHex(tree.root(index)).equals(checkpoint.rootHash())) {
								return bad(verifiedUpTo, tree, nodes, "the first " + index + " entries do not match the root "
										+ "signed in checkpoint " + nextCheckpoint + ": one of entries " + verifiedUpTo + " to "
										+ (index - 1) + " was changed and all hashes after it recomputed");
							}
							verifiedUpTo = index;
						}
					}
				}
			}
		} catch (IOException e) {
			throw new LedgerException("cannot read the ledger to verify it: " + e.getMessage(), e);
		}
		if (nextCheckpoint < checkpoints.size()) {
			Checkpoint missed = checkpoints.get(nextCheckpoint);
			return bad(index, tree, nodes, "the ledger ends at " + index + " entries but checkpoint " + (nextCheckpoint + 1)
					+ " signed " + missed.treeSize() + ": entries " + index + " to " + (missed.treeSize() - 1) + " are missing");
		}
		if (!store.damage().isEmpty()) {
			// found on open and not in the entries themselves: a damaged or forged checkpoint note
			return bad(index, tree, nodes, store.damage());
		}
		if (index != expected) {
			return bad(index, tree, nodes, "the segments hold " + index + " entries but the index knows " + expected);
		}
		return new Verification(index, HEX.formatHex(tree.root(index)), -1, "");
	}

	private static Verification bad(long index, MerkleTree tree, TreeNodes nodes, String problem) {
		return new Verification(index, HEX.formatHex(tree.root(nodes.leafCount())), index, problem);
	}
}
