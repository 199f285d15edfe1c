package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.LedgerException;
import os2.ledger.api.SignedNotes;
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
		for (int i = 0; i < checkpoints.size(); i++) {
			try {
				SignedNotes.verifyCheckpoint(checkpoints.get(i).note(), store.verifierKey());
			} catch (LedgerException forged) {
				long size = checkpoints.get(i).treeSize();
				return new Verification(store.size(), "", Math.min(size, store.size()),
						"checkpoint " + (i + 1) + " in checkpoints.log (size " + size + "): " + forged.getMessage());
			}
		}
		Sha256 sha = new Sha256();
		ExecutorService helper = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon(true).factory());
		TreeNodes nodes = new TreeNodes();
		MerkleTree tree = new MerkleTree(nodes);
		byte[] chain = Sha256.EMPTY;
		long index = 0;
		int nextCheckpoint = 0;
		long verifiedUpTo = 0;
		long expected = store.size();
		while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).treeSize() == 0) {
			// a checkpoint of the empty ledger (one closed before its first entry)
			if (!HEX.formatHex(Sha256.EMPTY).equals(checkpoints.get(nextCheckpoint++).rootHash())) {
				return bad(0, tree, nodes, "checkpoint " + nextCheckpoint + " signs a wrong root for the empty ledger");
			}
		}
		try {
			ColumnReader storedHashes = new ColumnReader(store.hashesFile(), 64);
			ColumnReader storedOffsets = new ColumnReader(store.indexFile(), 8);
			StateFile state = store.savedState();
			for (int segment = 0; segment < store.segments().count(); segment++) {
				try (RecordReader reader = new RecordReader(store.segments().directory().resolve(Segments.name(segment)))) {
					while (!reader.atEnd()) {
						// A batch: its leaf hashes on the second core while this thread follows the chain.
						List<Record> batch = new ArrayList<>(BATCH);
						List<Long> offsets = new ArrayList<>(BATCH);
						String readProblem = null;
						while (batch.size() < BATCH && !reader.atEnd()) {
							long recordOffset = reader.offset();
							RecordReader.Read read = reader.next();
							if (read.problem() != null) {
								readProblem = read.problem();
								break;
							}
							batch.add(read.record());
							offsets.add(recordOffset);
						}
						CompletableFuture<byte[][]> leavesOfBatch = CompletableFuture.supplyAsync(() -> leaves(batch), helper);
						byte[][] chains = new byte[batch.size()][];
						int chainBreak = -1;
						for (int i = 0; i < batch.size(); i++) {
							chains[i] = sha.chain(i == 0 ? chain : chains[i - 1], batch.get(i).json());
							if (!Arrays.equals(chains[i], batch.get(i).chainHash())) {
								chainBreak = i;
								break;
							}
						}
						byte[][] leaves = leavesOfBatch.join();
						for (int i = 0; i < batch.size(); i++) {
							if (i == chainBreak) {
								return bad(index, tree, nodes, "entry " + index + " breaks the hash chain: it was edited, or an "
										+ "entry before it was removed, inserted or moved");
							}
							Record record = batch.get(i);
							ByteBuffer hashes = storedHashes.next();
							if (hashes != null && (!same(hashes, 0, leaves[i]) || !same(hashes, 32, chains[i]))) {
								return bad(index, tree, nodes, "entry " + index + " does not match its hashes in hashes.dat: "
										+ "the entry or the hash file was changed");
							}
							ByteBuffer location = storedOffsets.next();
							if (location != null && location.getLong(0) != (((long) segment << 40) | offsets.get(i))) {
								return bad(index, tree, nodes, "entry " + index + " is not where index.dat says it is: "
										+ "the index file was changed");
							}
							String blobProblem = checkBlob(store, record.json());
							if (blobProblem != null) {
								return bad(index, tree, nodes, "entry " + index + ": " + blobProblem);
							}
							chain = chains[i];
							nodes.append(leaves[i]);
							index++;
							if (index == state.count() && state.count() > 0 && !Arrays.equals(state.chainHash(), chain)) {
								return bad(index - 1, tree, nodes, "state.dat records a different chain hash for entry "
										+ (index - 1) + ": the state file or the entries were changed");
							}
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
						if (readProblem != null) {
							return bad(index, tree, nodes, "entry " + index + " in " + Segments.name(segment) + ": " + readProblem);
						}
					}
				}
			}
		} catch (IOException e) {
			throw new LedgerException("cannot read the ledger to verify it: " + e.getMessage(), e);
		} finally {
			helper.shutdown();
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
		if (!store.stateProblem().isEmpty()) {
			return new Verification(index, HEX.formatHex(tree.root(index)), store.firstChangedEntry(), store.stateProblem());
		}
		if (index != expected) {
			return bad(index, tree, nodes, "the segments hold " + index + " entries but the index knows " + expected);
		}
		return new Verification(index, HEX.formatHex(tree.root(index)), -1, "");
	}

	private static final byte[] BLOB_MARK = ("\"" + EntryCodec.BLOB_KEY + "\":\"").getBytes(StandardCharsets.UTF_8);

	/** For an entry whose payload is in the blob store: is the blob there, with that content? */
	private static String checkBlob(LedgerStore store, byte[] json) {
		if (!contains(json, (byte) '$')) {
			return null; // nearly every entry: no blob reference possible
		}
		int at = indexOf(json, BLOB_MARK);
		if (at < 0) {
			return null;
		}
		String hash = new String(json, at + BLOB_MARK.length, Math.min(64, json.length - at - BLOB_MARK.length),
				StandardCharsets.UTF_8);
		try {
			store.blobs().get(hash);
			return null;
		} catch (LedgerException problem) {
			return problem.getMessage();
		}
	}

	private static boolean same(ByteBuffer row, int offset, byte[] hash) {
		for (int k = 0; k < hash.length; k++) {
			if (row.get(offset + k) != hash[k]) {
				return false;
			}
		}
		return true;
	}

	private static boolean contains(byte[] bytes, byte wanted) {
		for (byte b : bytes) {
			if (b == wanted) {
				return true;
			}
		}
		return false;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static final int BATCH = 4096;
	private static final ThreadLocal<Sha256> LEAF_SHA = ThreadLocal.withInitial(Sha256::new);

	private static byte[][] leaves(List<Record> batch) {
		Sha256 sha = LEAF_SHA.get();
		byte[][] leaves = new byte[batch.size()][];
		for (int i = 0; i < leaves.length; i++) {
			leaves[i] = sha.leaf(batch.get(i).json());
		}
		return leaves;
	}

	private static Verification bad(long index, MerkleTree tree, TreeNodes nodes, String problem) {
		return new Verification(index, HEX.formatHex(tree.root(nodes.leafCount())), index, problem);
	}
}
