package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
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
 * every batch's seal (its MAC over the chain head, so an entry OS2 did not write is found), the
 * derived hashes, the Merkle root at every signed checkpoint, and that nothing below the last
 * checkpoint is missing and nothing after the last seal is there. Reports the first entry that is
 * wrong and how. The indexes by run and session are worked out again beside them ({@link PostingsCheck}).
 *
 * <p>
 * Two cores share the work as a pipeline: while a helper thread rebuilds the Merkle tree from one
 * batch of entries ({@link TreeRebuilder}), this thread follows the hash chain through it and
 * reads the next batch.
 */
final class LedgerVerifier {

	private static final HexFormat HEX = HexFormat.of();
	private static final int BATCH = 4096;

	/** The first thing found wrong: at which entry, and how many entries before it were verified. */
	private record Problem(long index, long verified, String message) {
	}

	private final LedgerStore store;
	private final List<Checkpoint> checkpoints;
	private final TreeRebuilder tree;
	private final SealCheck seals;
	private final Sha256 sha = new Sha256();
	private byte[] chain = Sha256.EMPTY;
	private long index;
	private int nextCheckpoint;
	private long verifiedUpTo;

	private LedgerVerifier(LedgerStore store) {
		this.store = store;
		this.checkpoints = store.checkpoints();
		this.tree = new TreeRebuilder(checkpoints.stream().mapToLong(Checkpoint::treeSize).filter(size -> size > 0).toArray());
		this.seals = new SealCheck(store.sealKey(), 0);
	}

	static Verification verify(LedgerStore store) {
		return new LedgerVerifier(store).verify();
	}

	private Verification verify() {
		// An Ed25519 check costs about 0.6 ms here, one per 1,000 entries: on a thread of their own,
		// the notes are checked while the entries are.
		List<String> keys = store.verifierKeys();
		ExecutorService signatureThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon(true).factory());
		CompletableFuture<Verification> notes;
		try {
			notes = CompletableFuture.supplyAsync(() -> checkNotes(keys), signatureThread);
		} finally {
			signatureThread.shutdown();
		}
		Verification entries = checkLedger();
		Verification signatures = notes.join();
		return signatures != null ? signatures : entries;
	}

	/** Each checkpoint note: of this log, signed by its key or one it retired. */
	private Verification checkNotes(List<String> keys) {
		SignedNotes.Verifier signatures;
		try {
			signatures = SignedNotes.verifier(keys);
		} catch (LedgerException unreadable) {
			return new Verification(store.size(), "", -1, "the ledger's keys cannot be read: " + unreadable.getMessage());
		}
		for (int i = 0; i < checkpoints.size(); i++) {
			Checkpoint checkpoint = checkpoints.get(i);
			String problem = null;
			if (!checkpoint.origin().equals(store.origin())) {
				problem = "it names the log " + checkpoint.origin() + ", but this ledger is " + store.origin()
						+ " (ledger/origin)";
			} else {
				try {
					signatures.verifyCheckpoint(checkpoint.note());
				} catch (LedgerException | IllegalArgumentException forged) {
					problem = forged.getMessage();
				}
			}
			if (problem != null) {
				long size = checkpoint.treeSize();
				return new Verification(store.size(), "", Math.min(size, store.size()),
						"checkpoint " + (i + 1) + " in checkpoints.log (size " + size + "): " + problem);
			}
		}
		return null;
	}

	private Verification checkLedger() {
		Problem problem = checkEmptyCheckpoints();
		if (problem == null) {
			problem = checkEntries();
		}
		if (problem == null) {
			problem = checkEnd();
		}
		if (problem != null) {
			return new Verification(problem.index(), HEX.formatHex(tree.root(problem.verified())), problem.index(),
					problem.message());
		}
		String kept = keptUnsealed();
		if (kept != null) { // entries no longer in the ledger: no index of it is wrong
			return new Verification(index, HEX.formatHex(tree.root(index)), -1, kept);
		}
		if (!store.stateProblem().isEmpty()) {
			return new Verification(index, HEX.formatHex(tree.root(index)), store.firstChangedEntry(), store.stateProblem());
		}
		return new Verification(index, HEX.formatHex(tree.root(index)), -1, "");
	}

	/** Checkpoints of the empty ledger (one closed before its first entry). */
	private Problem checkEmptyCheckpoints() {
		while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).treeSize() == 0) {
			if (!HEX.formatHex(Sha256.EMPTY).equals(checkpoints.get(nextCheckpoint++).rootHash())) {
				return new Problem(0, 0, "checkpoint " + nextCheckpoint + " signs a wrong root for the empty ledger");
			}
		}
		return null;
	}

	private Problem checkEntries() {
		ExecutorService helper = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon(true).factory());
		CompletableFuture<TreeRebuilder.Hashed> hashing = null;
		try (SegmentBatches input = new SegmentBatches(store.segments(), BATCH);
				PostingsCheck postings = new PostingsCheck(store.postings())) {
			ColumnReader storedHashes = new ColumnReader(store.hashesFile(), 64);
			ColumnReader storedOffsets = new ColumnReader(store.indexFile(), 8);
			StateFile state = store.savedState();
			SegmentBatches.Batch batch = input.next();
			if (batch != null) {
				hashing = rebuildLater(batch, helper);
			}
			while (batch != null) {
				byte[][] chains = followChain(batch);
				SegmentBatches.Batch next = batch.problem() == null ? input.next() : null;
				TreeRebuilder.Hashed hashed = hashing.join();
				hashing = next == null ? null : rebuildLater(next, helper);
				Problem problem = checkBatch(batch, chains, hashed, storedHashes, storedOffsets, state, postings);
				if (problem != null) {
					return problem;
				}
				batch = next;
			}
			String tables = postings.end(index);
			return tables == null ? null : new Problem(index, index, tables);
		} catch (IOException e) {
			throw new LedgerException("cannot read the ledger to verify it: " + e.getMessage(), e);
		} finally {
			if (hashing != null) {
				hashing.join(); // the tree is this thread's again: the result reads its root
			}
			helper.shutdown();
		}
	}

	private CompletableFuture<TreeRebuilder.Hashed> rebuildLater(SegmentBatches.Batch batch, ExecutorService helper) {
		return CompletableFuture.supplyAsync(() -> tree.add(batch.records()), helper);
	}

	/** The chain hashes of a batch, up to the first entry whose stored chain hash differs (then null). */
	private byte[][] followChain(SegmentBatches.Batch batch) {
		byte[][] chains = new byte[batch.size()][];
		byte[] previous = chain;
		for (int i = 0; i < batch.size(); i++) {
			Record record = batch.records().get(i);
			chains[i] = sha.chain(previous, record.json());
			if (!Arrays.equals(chains[i], record.chainHash())) {
				chains[i] = null;
				break;
			}
			previous = chains[i];
		}
		return chains;
	}

	private Problem checkBatch(SegmentBatches.Batch batch, byte[][] chains, TreeRebuilder.Hashed hashed,
			ColumnReader storedHashes, ColumnReader storedOffsets, StateFile state, PostingsCheck postings)
			throws IOException {
		Iterator<byte[]> roots = hashed.roots().iterator();
		Iterator<SegmentBatches.SealAt> sealsInBatch = batch.seals().iterator();
		SegmentBatches.SealAt nextSeal = sealsInBatch.hasNext() ? sealsInBatch.next() : null;
		for (int i = 0; i < batch.size(); i++) {
			for (; nextSeal != null && nextSeal.entriesBefore() == i; nextSeal = sealsInBatch.hasNext() ? sealsInBatch.next() : null) {
				Problem problem = sealProblem(seals.seal(index, chain, nextSeal.seal()));
				if (problem != null) {
					return problem;
				}
			}
			if (chains[i] == null) {
				return new Problem(index, index, "entry " + index + " breaks the hash chain: it was edited, or an "
						+ "entry before it was removed, inserted or moved");
			}
			ByteBuffer hashes = storedHashes.next();
			if (hashes != null && (!same(hashes, 0, hashed.leaves()[i]) || !same(hashes, 32, chains[i]))) {
				return new Problem(index, index, "entry " + index + " does not match its hashes in hashes.dat: "
						+ "the entry or the hash file was changed");
			}
			ByteBuffer location = storedOffsets.next();
			if (location != null && location.getLong(0) != batch.locations()[i]) {
				return new Problem(index, index, "entry " + index + " is not where index.dat says it is: "
						+ "the index file was changed");
			}
			String postingsProblem = postings.entry(index, batch.records().get(i).json());
			if (postingsProblem != null) {
				return new Problem(index, index, postingsProblem);
			}
			String blobProblem = hashed.blobs()[i] == null ? null : checkBlob(hashed.blobs()[i]);
			if (blobProblem != null) {
				return new Problem(index, index, "entry " + index + ": " + blobProblem);
			}
			chain = chains[i];
			index++;
			Problem unsealed = sealProblem(seals.entry(index, chain));
			if (unsealed != null) {
				return unsealed;
			}
			if (index == state.count() && !Arrays.equals(state.chainHash(), chain)) {
				return new Problem(index - 1, index, "state.dat records a different chain hash for entry " + (index - 1)
						+ ": the state file or the entries were changed");
			}
			while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).treeSize() == index) {
				Checkpoint checkpoint = checkpoints.get(nextCheckpoint++);
				if (!HEX.formatHex(roots.next()).equals(checkpoint.rootHash())) {
					return new Problem(verifiedUpTo, index, "the first " + index + " entries do not match the root "
							+ "signed in checkpoint " + nextCheckpoint + ": one of entries " + verifiedUpTo + " to "
							+ (index - 1) + " was changed and all hashes after it recomputed");
				}
				verifiedUpTo = index;
			}
		}
		for (; nextSeal != null; nextSeal = sealsInBatch.hasNext() ? sealsInBatch.next() : null) {
			Problem problem = sealProblem(seals.seal(index, chain, nextSeal.seal()));
			if (problem != null) {
				return problem;
			}
		}
		if (batch.problem() != null) {
			return new Problem(index, index, "entry " + index + " in " + batch.problem());
		}
		return null;
	}

	private static Problem sealProblem(SealCheck.Finding finding) {
		return finding == null ? null : new Problem(finding.firstEntry(), finding.firstEntry(), finding.message());
	}

	/** What the entries alone cannot show: signed entries missing at the end, damage found on open. */
	private Problem checkEnd() {
		if (nextCheckpoint < checkpoints.size()) {
			Checkpoint missed = checkpoints.get(nextCheckpoint);
			return new Problem(index, index, "the ledger ends at " + index + " entries but checkpoint "
					+ (nextCheckpoint + 1) + " signed " + missed.treeSize() + ": entries " + index + " to "
					+ (missed.treeSize() - 1) + " are missing");
		}
		if (seals.batchOpen()) {
			return new Problem(seals.batchStart(), seals.batchStart(), "the last batch is sealed as "
					+ SealCheck.describe(seals.batchStart(), seals.batchEnd()) + ", but only " + (index - seals.batchStart())
					+ " of them are there: a write cut short by a crash, never acknowledged");
		}
		if (seals.sealed() < index) {
			return new Problem(seals.sealed(), seals.sealed(), SealCheck.describe(seals.sealed(), index)
					+ SealCheck.verb(seals.sealed(), index, " is not sealed: it was", " are not sealed: they were")
					+ " torn by a crash before being acknowledged, or not written by OS2");
		}
		if (!store.damage().isEmpty()) {
			// found on open and not in the entries themselves: a damaged or forged checkpoint note
			return new Problem(index, index, store.damage());
		}

		if (index != store.size()) {
			return new Problem(index, index, "the segments hold " + index + " entries but the index knows " + store.size());
		}
		return null;
	}

	private String keptUnsealed() {
		try {
			return store.unsealed().problem();
		} catch (IOException e) {
			return "cannot look into " + store.directory().resolve(UnsealedTails.DIRECTORY) + ": " + e.getMessage();
		}
	}

	/** For an entry whose payload is in the blob store: is the blob there, with that content? */
	private String checkBlob(String hash) {
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
}
