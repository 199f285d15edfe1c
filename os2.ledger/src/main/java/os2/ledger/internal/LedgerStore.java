package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.ConsistencyProof;
import os2.ledger.api.Entry;
import os2.ledger.api.Head;
import os2.ledger.api.InclusionProof;
import os2.ledger.api.LedgerException;
import os2.ledger.api.Query;
import os2.ledger.api.Receipt;

/**
 * The ledger on disk, usable without OSGi (the crash tests and benchmarks run it in a plain JVM).
 * Appends come in batches from one writer thread ({@link GroupCommitter}); reads, proofs and
 * checkpoints may come from any thread.
 *
 * <pre>
 * segments/NNNNNNNN.seg   the entries, as {@link Record}s (the only source of truth)
 * index.dat, hashes.dat,  derived from the segments ({@link DerivedFiles})
 * nodes.dat, postings.dat,
 * keys.dat
 * checkpoints.log         signed checkpoint notes, framed like records
 * state.dat               how far index and hashes were known good ({@link StateFile})
 * </pre>
 *
 * index and hashes are derived: rebuilt from the segments for whatever follows the saved state.
 */
public final class LedgerStore implements AutoCloseable {

	private static final HexFormat HEX = HexFormat.of();
	/** The extension line of a rotation's linking checkpoint: the new key, vouched for by the old one's signature. */
	static final String NEXT_KEY = "os2.ledger next key ";

	private final Path directory;
	private final Segments segments;
	private final DerivedFiles derived;
	private final CheckpointLog checkpointLog;
	private final Path keys;
	private final BlobStore blobs;
	/** Held by whoever writes or catches up (see {@link #exclusive}); shared with other stores of this ledger. */
	private final WriterLock writerLock;
	/** Whether this store made {@link #writerLock} and lets go of it when it closes. */
	private final boolean ownsWriterLock;
	private Consumer<String> notices = notice -> {
	};
	private volatile Consumer<Checkpoint> checkpointListener = checkpoint -> {
	};
	private LedgerKey key;
	/** Which file {@link #key} was loaded from: another one there means the key was rotated elsewhere. */
	private Object keyIdentity;
	/** The log's name in its checkpoints ({@link LogOrigin}). */
	private String origin;
	/** The MAC key every batch is sealed with; null when it is missing (the ledger then refuses appends). */
	private SealKey sealKey;
	private final UnsealedTails unsealed;
	private final TreeNodes nodes = new TreeNodes();
	private final MerkleTree tree = new MerkleTree(nodes);
	private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
	private final Sha256 writerSha = new Sha256();
	private ByteBuffer writeBuffer;

	private volatile long size;
	private byte[] lastChain;
	private int committedSegment;
	private long segmentEnd;
	private String damage = "";
	private String stateProblem = "";
	private long firstChangedEntry = -1;
	private StateFile savedState;
	/** Why this store may not be used any more (a write failed, a file was closed under it), or "". */
	private volatile String failure = "";

	private LedgerStore(Path directory, Segments segments, DerivedFiles derived, FileChannel checkpointLog, Path keys,
			WriterLock writerLock, boolean ownsWriterLock) {
		this.directory = directory;
		this.segments = segments;
		this.derived = derived;
		this.checkpointLog = new CheckpointLog(checkpointLog);
		this.keys = keys;
		this.blobs = new BlobStore(directory.resolve("blobs"));
		this.unsealed = new UnsealedTails(directory);
		this.writerLock = writerLock;
		this.ownsWriterLock = ownsWriterLock;
	}

	BlobStore blobs() {
		return blobs;
	}

	/**
	 * The signing key, loaded (or made) when first needed: opening the ledger and appending need
	 * no cryptography beyond SHA-256, which keeps a short OS2 run short. Loaded again when another
	 * process (the administrator's {@code ledger rotate-key}) has put a new pair in place: the
	 * public key file is then another file.
	 */
	synchronized LedgerKey key() {
		Object onDisk = keyFileIdentity();
		if (key == null || !Objects.equals(onDisk, keyIdentity)) {
			key = LedgerKey.loadOrCreate(keys, origin);
			keyIdentity = onDisk == null ? keyFileIdentity() : onDisk;
		}
		return key;
	}

	/** The public key file's identity (device, inode and time), or null when there is none yet. */
	private Object keyFileIdentity() {
		try {
			BasicFileAttributes file = Files.readAttributes(keys.resolve(LedgerKey.PUBLIC_FILE), BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			return List.of(String.valueOf(file.fileKey()), file.lastModifiedTime());
		} catch (IOException none) {
			return null;
		}
	}

	/**
	 * Opens (or creates) the ledger in {@code directory}, signing with the key in {@code keys}.
	 *
	 * @param notices told about anything repaired on the way, such as a torn tail cut off
	 */
	public static LedgerStore open(Path directory, Path keys, Consumer<String> notices) {
		return open(directory, keys, notices, new WriterLock(directory.resolve("writer.lock")), true, true);
	}

	/**
	 * Opens the ledger sharing {@code writerLock} with the other stores of this process on the same
	 * directory, as one opened again after a failure ({@link ReopeningStore}) is. The caller lets go
	 * of the lock.
	 */
	static LedgerStore open(Path directory, Path keys, Consumer<String> notices, WriterLock writerLock) {
		return open(directory, keys, notices, writerLock, false, true);
	}

	/**
	 * Opens the ledger as it is on disk now, for verifying it, by a caller that holds {@code writerLock}
	 * ({@link #exclusive} of another store of this directory): the files read afresh, nothing taken
	 * from what this process saw before, and no key made or origin written, since a look must not
	 * change what it looks at. Let go of it with {@link #abandon}.
	 */
	static LedgerStore openToVerify(Path directory, Path keys, WriterLock writerLock) {
		return open(directory, keys, notice -> {
		}, writerLock, false, false);
	}

	private static LedgerStore open(Path directory, Path keys, Consumer<String> notices, WriterLock writerLock,
			boolean ownsWriterLock, boolean mayCreateKeys) {
		try {
			Files.createDirectories(directory);
			Segments segments = Segments.open(directory.resolve("segments"));
			LedgerStore store = new LedgerStore(directory, segments, DerivedFiles.open(directory),
					channel(directory.resolve("checkpoints.log")), keys, writerLock, ownsWriterLock);
			store.notices = notices;
			store.exclusive(() -> {
				store.recover(notices, mayCreateKeys);
				return null;
			});
			return store;
		} catch (IOException e) {
			throw new LedgerException("cannot open the ledger in " + directory + " (" + e + "); "
					+ "check that it is a directory OS2 may write, or choose another home with --home", e);
		}
	}

	private static FileChannel channel(Path file) throws IOException {
		return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
	}

	// ---- several processes on one ledger --------------------------------------------------------

	/** Work that may touch the files' tails, given a lock on them. */
	interface LockedWork<T> {
		T run() throws IOException;
	}

	/**
	 * Runs {@code work} with the ledger to itself: no other thread of this process and no other OS2
	 * process on the same home writes meanwhile. Two {@code ./os2} runs at once (an agent in a
	 * hurry) each append under this lock, after catching up with what the other wrote.
	 */
	<T> T exclusive(LockedWork<T> work) {
		try {
			return writerLock.hold(() -> runLocked(work));
		} catch (IOException e) {
			throw new LedgerException("cannot lock the ledger in " + directory + ": " + e.getMessage(), e);
		}
	}

	WriterLock writerLock() {
		return writerLock;
	}

	/**
	 * Describes an I/O failure, and marks this store unusable if it closed one of its files (an
	 * interrupt in {@code FileChannel} I/O does that): the files are then opened again, as a
	 * restart would (see {@link ReopeningStore}).
	 */
	private String lost(IOException e) {
		if (e instanceof ClosedChannelException) {
			String problem = "a file of the ledger was closed under it (" + e.getClass().getSimpleName() + ")";
			if (failure.isEmpty()) {
				failure = problem;
			}
			return problem;
		}
		return String.valueOf(e.getMessage());
	}

	private <T> T runLocked(LockedWork<T> work) {
		try {
			derived.postings().refresh(); // another store or process may have written the key table
			return work.run();
		} catch (IOException e) {
			throw new LedgerException("cannot update the ledger in " + directory + ": " + lost(e), e);
		}
	}

	/** Takes in what other processes appended (entries and checkpoints) since this one last looked. */
	private void catchUp() throws IOException {
		boolean newSegment = segments.refresh();
		if (newSegment || segments.size(committedSegment) != segmentEnd) {
			lock.writeLock().lock();
			try {
				scanTail(committedSegment, segmentEnd, notices, size, false);
			} finally {
				lock.writeLock().unlock();
			}
		}
		if (checkpointLog.hasUnread()) {
			String problem = checkpointLog.load(0, notices);
			if (problem != null) {
				noteDamage(problem);
			}
		}
		saveIfIndexesMovedOn();
	}

	/**
	 * Saves the state when the key table was written past it (many runs or sessions changed since
	 * the last checkpoint), so that it never lies ahead of state.dat for long.
	 */
	private void saveIfIndexesMovedOn() throws IOException {
		if (derived.postings().wantsSaving() && damage.isEmpty() && sealKey != null) {
			saveState(snapshot());
		}
	}

	/** Brings this process's view up to date with the files (other processes may have appended). */
	public void refresh() {
		exclusive(() -> {
			catchUp();
			return null;
		});
	}

	// ---- opening -------------------------------------------------------------------------------

	/**
	 * Takes the files in as they are: the saved state, if it checks out, then the records after
	 * it. A ledger written before seals gets its MAC key here, and its entries a first seal.
	 *
	 * @param mayCreateKeys false for a look that must not change the keys (verify's fresh open)
	 */
	private void recover(Consumer<String> notices, boolean mayCreateKeys) throws IOException {
		SealKeyFile.Choice keyChoice = SealKeyFile.choose(keys, segments, mayCreateKeys);
		sealKey = keyChoice.key();
		if (!keyChoice.problem().isEmpty()) {
			noteDamage(keyChoice.problem());
		}
		boolean firstSealing = keyChoice.firstSealing();
		StateFile.Loaded loaded = StateFile.read(directory, sealKey, firstSealing);
		StateFile state = loaded.state();
		if (state == null) {
			stateProblem = loaded.problem();
			state = StateFile.empty();
		} else if (!stateFits(state)) {
			stateProblem = "state.dat says " + state.count() + " entries were indexed, but the files are shorter";
			state = StateFile.empty();
		}
		byte[][] foundRows = null;
		Runnable nodesRebuilt = () -> noteStateProblem(
				"nodes.dat was changed on disk or is incomplete; the tree was rebuilt from hashes.dat");
		if (!derived.load(state, nodes, nodesRebuilt)) {
			// keep what was on disk, to name the first changed row once the files are rebuilt
			foundRows = derived.rows(state.count());
			state = StateFile.empty();
			derived.load(state, nodes, nodesRebuilt);
		}
		savedState = state;
		size = state.count();
		lastChain = state.chainHash();
		boolean postingsBuilt = loadPostings(state, mayCreateKeys);
		// a state from before seals counts entries no seal covers yet: the first sealing covers them
		long sealed = scanTail(state.segment(), state.endOffset(), notices, loaded.beforeSeals() ? 0 : size, firstSealing);
		if (foundRows != null) {
			DerivedFiles.Change change = derived.firstChange(foundRows);
			firstChangedEntry = change.entry();
			stateProblem = change.problem() + "; both files were rebuilt from the entries";
		}
		String problem = checkpointLog.load(savedState.checkpointsEnd(), notices);
		if (problem != null) {
			noteDamage(problem);
		}
		takeOrigin(mayCreateKeys);
		Checkpoint last = checkpointLog.last();
		if (last != null && last.treeSize() > size) {
			noteDamage("the ledger has " + size + " entries but checkpoint " + last.treeSize() + " was signed: entries "
					+ size + " to " + (last.treeSize() - 1) + " are missing (truncated below a signed checkpoint)");
		}
		if (firstSealing && damage.isEmpty()) {
			sealEntriesFromBeforeSeals(sealed, notices);
		} else if (postingsBuilt && mayCreateKeys && damage.isEmpty() && sealKey != null) {
			saveState(snapshot()); // so the next open finds them as built, not as they were found
		}
	}

	/**
	 * Takes in the indexes by run and session as state.dat saved them, or builds them again from the
	 * entries it counts: silently when the state has none (saved before they existed, or no state),
	 * as a problem that verify reports when they do not match it. A look that must not change the
	 * files (verify's) leaves them as they are, unused.
	 *
	 * @return whether entries the state counts were indexed again (the state is then saved)
	 */
	private boolean loadPostings(StateFile state, boolean mayChange) throws IOException {
		Postings postings = derived.postings();
		String problem = postings.load(state);
		if (problem == null) {
			return false;
		}
		if (!mayChange) {
			postings.leaveUnused();
			if (!problem.isEmpty()) {
				noteStateProblem(problem + "; the indexes by run and session are rebuilt from the entries when OS2 next opens the ledger");
			}
			return false;
		}
		long changed;
		try (SegmentBatches input = new SegmentBatches(segments, 4096)) {
			changed = postings.rebuild(input, state.count());
		}
		if (!problem.isEmpty()) {
			noteStateProblem(problem + "; the indexes by run and session were rebuilt from the entries");
			if (firstChangedEntry < 0) {
				firstChangedEntry = changed;
			}
		} else if (state.count() > 0) {
			notices.accept("ledger: indexed the " + state.count() + " entries by run and by session");
		}
		return state.count() > 0; // with no state, every entry is read and indexed as it is taken in
	}

	/** The log's origin from ledger/origin, or chosen now (and kept, unless this is a look that changes nothing). */
	private void takeOrigin(boolean mayWrite) throws IOException {
		origin = LogOrigin.read(directory);
		if (origin == null) {
			origin = LogOrigin.choose(checkpointLog.all());
			if (mayWrite) {
				LogOrigin.write(directory, origin);
			}
		}
		String problem = LogOrigin.problem(origin);
		if (problem != null) {
			noteDamage(problem);
		}
	}

	/**
	 * Trust on first use: seals the entries of a ledger written before seals existed, as they are,
	 * with one seal after them, saves a state with the MAC, and only then makes the key the ledger's.
	 */
	private void sealEntriesFromBeforeSeals(long sealed, Consumer<String> notices) throws IOException {
		if (size > sealed) {
			ByteBuffer seal = ByteBuffer.allocate(Seal.BYTES);
			new Seal(size, sealKey.seal(size, lastChain)).writeTo(seal);
			segments.append(seal.flip());
			segments.force();
			segmentEnd = segments.size(committedSegment);
			notices.accept("ledger: sealed the " + size + " entries written before seals existed, as they are (trust "
					+ "on first use); from now on every batch is sealed with " + keys.resolve(SealKey.FILE)
					+ ". 'ledger verify' checks the old entries against their signed checkpoints");
		}
		saveState(snapshot());
		SealKeyFile.finishFirstSealing(keys);
	}

	/** Damage found on open is kept (the first of it), so verify can report it and appends stop. */
	private void noteDamage(String problem) {
		if (damage.isEmpty()) {
			damage = problem;
		}
	}

	/** The saved state is usable only if the derived files and the segment still reach that far. */
	private boolean stateFits(StateFile state) throws IOException {
		return derived.reach(state.count())
				&& state.segment() < segments.count() && state.endOffset() <= segments.size(state.segment());
	}

	private void noteStateProblem(String problem) {
		if (stateProblem.isEmpty()) {
			stateProblem = problem;
		}
	}

	/**
	 * Reads the records after what this store has taken in and takes in the entries seals cover;
	 * cuts off the rest (see {@link TailScan}).
	 *
	 * @param sealed how many of the entries taken in are sealed
	 * @param trustUnsealed take in entries no seal covers: only while a ledger from before seals is first sealed
	 * @return how many entries are sealed
	 */
	private long scanTail(int startSegment, long startOffset, Consumer<String> notices, long sealed, boolean trustUnsealed)
			throws IOException {
		TailScan.Outcome outcome = new TailScan(segments, derived, unsealed, sealKey, notices, size, lastChain, sealed,
				trustUnsealed, this::takeIn).scan(startSegment, startOffset);
		if (outcome.damage() != null) {
			noteDamage(outcome.damage());
		}
		committedSegment = segments.current();
		segmentEnd = segments.size(committedSegment);
		return outcome.sealed();
	}

	/** Takes in entries whose rows the tail scan wrote. */
	private void takeIn(long upTo) throws IOException {
		lock.writeLock().lock();
		try {
			lastChain = derived.takeInWritten(size, upTo, nodes);
			size = upTo;
		} finally {
			lock.writeLock().unlock();
		}
	}

	// ---- appending (writer thread only) --------------------------------------------------------

	/** Writes a batch of entries durably and returns a receipt for each, in order. */
	List<Receipt> appendBatch(List<Prepared> batch) {
		return exclusive(() -> appendLocked(batch));
	}

	private List<Receipt> appendLocked(List<Prepared> batch) {
		if (!damage.isEmpty() || !failure.isEmpty()) {
			throw new LedgerException("the ledger refuses appends: " + (damage.isEmpty() ? failure : damage));
		}
		int bytes = Seal.BYTES + batchBytes(batch);
		int segment;
		long offset;
		try {
			catchUp();
			if (!damage.isEmpty()) { // found in what another process wrote
				throw new LedgerException("the ledger refuses appends: " + damage);
			}
			segment = committedSegment;
			offset = segmentEnd;
			if (offset > 0 && offset + bytes > Segments.ROLL_BYTES) {
				segments.force();
				segments.roll();
				segment = segments.current();
				offset = 0;
			}
		} catch (IOException e) {
			failure = "it could not be read before a write (" + lost(e) + "); it is opened again before the next one";
			throw new LedgerException("the ledger could not be read: " + e + "; the entries were not recorded", e);
		}
		long batchStart = offset;
		// The seal goes first, in the same write: a crash that cuts the write short leaves a seal
		// naming entries that are not all there (a torn batch), never whole entries without one.
		ByteBuffer records = writeBuffer(bytes).position(Seal.BYTES);
		offset += Seal.BYTES;
		ByteBuffer indexBytes = ByteBuffer.allocate(batch.size() * DerivedFiles.INDEX_BYTES);
		ByteBuffer hashBytes = ByteBuffer.allocate(batch.size() * DerivedFiles.HASHES_BYTES);
		List<byte[]> chains = new ArrayList<>(batch.size());
		byte[] chain = lastChain;
		for (Prepared entry : batch) {
			chain = writerSha.chain(chain, entry.json());
			new Record(chain, entry.json()).writeTo(records);
			indexBytes.putLong(((long) segment << 40) | offset);
			hashBytes.put(entry.leaf()).put(chain);
			offset += Record.HEADER + entry.json().length;
			chains.add(chain);
		}
		long sealedSize = size + batch.size();
		new Seal(sealedSize, sealKey.seal(sealedSize, chain)).writeTo(records.duplicate().position(0));
		try {
			segments.append(records.flip());
			segments.force();
		} catch (IOException | RuntimeException e) {
			// Nothing of the batch is acknowledged, so nothing of it may stay: a whole record left by a
			// partial write would otherwise be taken in as an entry when the files are opened again.
			failure = "a write failed (" + e + "); the ledger is opened again before the next one";
			cutFailedBatch(segment, batchStart);
			throw new LedgerException("the ledger could not write to disk: " + e + "; the entries were not recorded", e);
		}
		long first = size;
		indexBytes.flip();
		hashBytes.flip();
		ByteBuffer indexRows = indexBytes.duplicate();
		ByteBuffer hashRows = hashBytes.duplicate();
		try {
			derived.write(first, indexBytes, hashBytes);
			derived.postings().append(first, batch);
		} catch (IOException | RuntimeException e) {
			// the entries are durable; the derived files are caches, rebuilt when the ledger is opened again
			failure = "the derived files could not be written (" + e + "); the ledger is opened again before the next write";
		}
		byte[] root;
		lock.writeLock().lock();
		try {
			batch.forEach(entry -> nodes.append(entry.leaf()));
			derived.account(indexRows, hashRows);
			lastChain = chain;
			committedSegment = segment;
			segmentEnd = offset;
			size = first + batch.size();
			root = tree.root(size);
		} finally {
			lock.writeLock().unlock();
		}
		if (failure.isEmpty()) {
			try {
				saveIfIndexesMovedOn();
			} catch (IOException e) { // the entries are durable; the state is saved at the next checkpoint
				failure = "the state could not be saved (" + e + "); the ledger is opened again before the next write";
			}
		}
		String rootHex = HEX.formatHex(root);
		List<Receipt> receipts = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			receipts.add(new Receipt(first + i, HEX.formatHex(chains.get(i)), batch.get(i).leafHex(), size, rootHex));
		}
		return receipts;
	}

	private static int batchBytes(List<Prepared> batch) {
		int bytes = 0;
		for (Prepared entry : batch) {
			bytes += Record.HEADER + entry.json().length;
		}
		return bytes;
	}

	/** Best effort: if this fails too, opening again cuts what it finds as a torn tail or reports it. */
	private void cutFailedBatch(int segment, long batchStart) {
		try {
			segments.truncate(segment, batchStart);
		} catch (IOException | RuntimeException stillFailing) {
			notices.accept("ledger: could not cut off a batch whose write failed: " + stillFailing);
		}
	}

	/** A direct buffer the writer reuses: the channel writes it without a copy. */
	private ByteBuffer writeBuffer(int bytes) {
		if (writeBuffer == null || writeBuffer.capacity() < bytes) {
			writeBuffer = ByteBuffer.allocateDirect(Math.max(bytes, 1 << 20));
		}
		return writeBuffer.clear().limit(bytes);
	}

	// ---- reading ------------------------------------------------------------------------------

	public long size() {
		return size;
	}

	public Entry read(long entryIndex) {
		if (entryIndex < 0 || entryIndex >= size) {
			throw new LedgerException("there is no entry " + entryIndex + "; the ledger has " + size + " (0 to " + (size - 1) + ")");
		}
		try {
			long packed = derived.location(entryIndex);
			int segment = (int) (packed >>> 40);
			long offset = packed & ((1L << 40) - 1);
			ByteBuffer header = segments.read(segment, offset, Record.HEADER);
			int length = header.getInt(0);
			if (length < 0 || length > Record.MAX_JSON) {
				throw new LedgerException("entry " + entryIndex + " is damaged (impossible length); run 'ledger verify'");
			}
			byte[] chain = new byte[Sha256.LENGTH];
			header.get(8, chain);
			byte[] json = new byte[length];
			segments.read(segment, offset + Record.HEADER, length).get(json);
			if (Record.checksum(chain, json) != header.getInt(4)) {
				throw new LedgerException("entry " + entryIndex + " is damaged (checksum mismatch); run 'ledger verify'");
			}
			return EntryCodec.decode(entryIndex, json);
		} catch (IOException e) {
			throw new LedgerException("cannot read entry " + entryIndex + ": " + lost(e), e);
		}
	}

	/**
	 * Entries matching {@code query}, in index order. A query that names a run or a session reads
	 * only that run's or session's entries ({@link KeyList}); any other reads them all in order.
	 */
	public List<Entry> query(Query query) {
		KeyList list = exclusive(() -> {
			catchUp();
			return KeyList.of(query, derived.postings());
		});
		if (list != null) {
			try {
				return list.entries(query, this::read);
			} catch (IOException broken) {
				notices.accept("ledger: the index by run and session does not hold together (" + broken.getMessage()
						+ "); the entries were read in order instead. 'ledger verify' says more");
			}
		}
		List<Entry> found = new ArrayList<>();
		for (long index = query.from(); index < size && found.size() < query.limit(); index++) {
			Entry entry = read(index);
			if (query.matches(entry)) {
				found.add(entry);
			}
		}
		return found;
	}

	public Head head() {
		lock.readLock().lock();
		try {
			Checkpoint last = checkpointLog.last();
			return new Head(size, HEX.formatHex(tree.root(size)), HEX.formatHex(lastChain), last);
		} finally {
			lock.readLock().unlock();
		}
	}

	public InclusionProof inclusionProof(long entryIndex, long treeSize) {
		lock.readLock().lock();
		try {
			checkTreeSize(treeSize);
			if (entryIndex < 0 || entryIndex >= treeSize) {
				throw new LedgerException("entry " + entryIndex + " is not in a tree of " + treeSize + " entries");
			}
			List<String> path = tree.inclusionPath(entryIndex, treeSize).stream().map(HEX::formatHex).toList();
			return new InclusionProof(entryIndex, treeSize, HEX.formatHex(nodes.node(0, entryIndex)), path);
		} finally {
			lock.readLock().unlock();
		}
	}

	public ConsistencyProof consistencyProof(long size1, long size2) {
		lock.readLock().lock();
		try {
			checkTreeSize(size2);
			if (size1 < 0 || size1 > size2) {
				throw new LedgerException("the older size must be between 0 and " + size2 + ", not " + size1);
			}
			return new ConsistencyProof(size1, size2, tree.consistencyPath(size1, size2).stream().map(HEX::formatHex).toList());
		} finally {
			lock.readLock().unlock();
		}
	}

	public String rootHash(long treeSize) {
		lock.readLock().lock();
		try {
			checkTreeSize(treeSize);
			return HEX.formatHex(tree.root(treeSize));
		} finally {
			lock.readLock().unlock();
		}
	}

	private void checkTreeSize(long treeSize) {
		if (treeSize < 0 || treeSize > size) {
			throw new LedgerException("tree size " + treeSize + " is not between 0 and the ledger's " + size);
		}
	}

	public List<Checkpoint> checkpoints() {
		return checkpointLog.all();
	}

	public String verifierKey() {
		return key().verifierKey();
	}

	/** A note of {@code body} signed by the ledger's key; see {@link os2.ledger.api.Ledger#signNote}. */
	public String signNote(String body) {
		List<String> lines = List.of(body.split("\n", -1));
		if (!body.endsWith("\n") || lines.subList(0, lines.size() - 1).stream().anyMatch(String::isEmpty)
				|| body.chars().anyMatch(c -> c < 0x20 && c != '\n' || c == 0x7f)) {
			throw new LedgerException("a note's body is lines of printable text, each ending in a newline, none empty");
		}
		if (lines.get(0).equals(origin) || lines.size() > 2 && lines.get(1).matches("[0-9]+")) {
			throw new LedgerException("the ledger signs no note that could pass for one of its checkpoints");
		}
		return body + "\n" + key().signatureLine(body);
	}

	/** The log's name, the first line of its checkpoints. */
	String origin() {
		return origin;
	}

	/** The keys whose checkpoints verify: the current one first, then those retired by rotations. */
	List<String> verifierKeys() {
		List<String> all = new ArrayList<>();
		all.add(verifierKey());
		all.addAll(RetiredKeys.verifierKeys(keys, origin));
		return all;
	}

	/** A problem with state.dat found on open (harmless to the record, but reported by verify), or "". */
	String stateProblem() {
		return stateProblem;
	}

	/** The entry whose derived row was found changed on open, or -1. */
	long firstChangedEntry() {
		return firstChangedEntry;
	}

	/** The MAC key, or null when it is missing (then {@link #damage()} says so). */
	SealKey sealKey() {
		return sealKey;
	}

	UnsealedTails unsealed() {
		return unsealed;
	}

	/** The state that was saved when the ledger was opened. */
	StateFile savedState() {
		return savedState;
	}

	FileChannel indexFile() {
		return derived.indexFile();
	}

	/** Problems found on open that make appending unsafe, or "". */
	public String damage() {
		return damage;
	}

	/** Why this store must be opened again before it is used (a write failed, a file was lost), or "". */
	String failure() {
		return failure;
	}

	// ---- checkpoints and closing (writer thread, or after it stopped) ---------------------------

	/** Signs the current tree, records the note and saves the derived files' state. */
	Checkpoint checkpoint() {
		Checkpoint written = exclusive(this::checkpointLocked);
		checkpointListener.accept(written);
		return written;
	}

	/**
	 * Told of each checkpoint this store writes, once it is durable, on the thread that wrote it
	 * (the writer's, often): the listener only hands it on (to the witnesses' thread).
	 */
	void onCheckpoint(Consumer<Checkpoint> listener) {
		this.checkpointListener = listener;
	}

	private Checkpoint checkpointLocked() {
		try {
			catchUp();
			Snapshot at = snapshot();
			Checkpoint checkpoint = new Checkpoint(origin, at.treeSize(), HEX.formatHex(at.root()),
					key().signCheckpoint(origin, at.treeSize(), at.root()));
			checkpointLog.append(checkpoint);
			saveState(at);
			return checkpoint;
		} catch (IOException e) {
			throw new LedgerException("cannot write a checkpoint: " + lost(e), e);
		}
	}

	/** The tree and files at one moment, as a checkpoint signs them and state.dat records them. */
	private record Snapshot(long treeSize, byte[] root, byte[] chain, int segment, long end, int indexCrc, int hashesCrc) {
	}

	private Snapshot snapshot() {
		lock.writeLock().lock(); // the CRC objects are not to be read while the writer updates them
		try {
			return new Snapshot(size, tree.root(size), lastChain, committedSegment, segmentEnd, derived.indexCrc(),
					derived.hashesCrc());
		} finally {
			lock.writeLock().unlock();
		}
	}

	/**
	 * Saves the derived files' state as of {@code at}, with the MAC (none without the key: the
	 * ledger is then damaged and the old state stays).
	 */
	private void saveState(Snapshot at) throws IOException {
		derived.persist(nodes, at.treeSize(), lock.readLock());
		if (sealKey != null) {
			Postings postings = derived.postings();
			new StateFile(at.treeSize(), at.segment(), at.end(), at.chain(), at.indexCrc(), at.hashesCrc(),
					checkpointLog.size(), derived.nodesCrc(), postings.usable(), postings.rowsCrc(), postings.keysSum())
					.write(directory, sealKey);
		}
	}

	/**
	 * Replaces the signing key: a new pair; a checkpoint of the tree now, signed by the old key and
	 * the new one, that names the new key in an extension line (so the old key vouches for it);
	 * the old public key kept in keys/retired/, its private key gone. Each step is on disk before
	 * the next, and the new pair is renamed into place last (see {@link LedgerKey}).
	 *
	 * @return the linking checkpoint
	 */
	Checkpoint rotateKey() {
		return exclusive(() -> {
			catchUp();
			LedgerKey old = key();
			LedgerKey next = LedgerKey.generate(origin);
			next.writeNext(keys);
			Snapshot at = snapshot();
			String body = LedgerKey.body(origin, at.treeSize(), at.root(), List.of(NEXT_KEY + next.verifierKey()));
			Checkpoint linking = new Checkpoint(origin, at.treeSize(), HEX.formatHex(at.root()),
					body + "\n" + old.signatureLine(body) + next.signatureLine(body));
			checkpointLog.append(linking);
			saveState(at);
			RetiredKeys.retire(keys, old);
			LedgerKey.promoteNext(keys);
			synchronized (this) {
				key = next;
				keyIdentity = keyFileIdentity();
			}
			notices.accept("ledger: the signing key is now " + next.verifierKey() + "; the old one, " + old.verifierKey()
					+ ", is retired (its public key kept in " + keys.resolve(RetiredKeys.DIRECTORY) + ")");
			return linking;
		});
	}

	Path directory() {
		return directory;
	}

	Path keysDirectory() {
		return keys;
	}

	Segments segments() {
		return segments;
	}

	FileChannel hashesFile() {
		return derived.hashesFile();
	}

	Postings postings() {
		return derived.postings();
	}

	/** A clean shutdown: a final checkpoint (if anything changed since the last), then the files closed. */
	@Override
	public void close() {
		try {
			Checkpoint last = checkpointLog.last();
			if (damage.isEmpty() && failure.isEmpty() && (last == null || last.treeSize() != size)) {
				checkpoint();
			}
		} finally {
			abandon();
		}
	}

	/** Closes the files as a crash would leave them: no checkpoint, no saved state. */
	void abandon() {
		try {
			segments.close();
			derived.close();
			checkpointLog.close();
			if (ownsWriterLock) {
				writerLock.close();
			}
		} catch (IOException e) {
			throw new LedgerException("cannot close the ledger: " + e.getMessage(), e);
		}
	}
}
