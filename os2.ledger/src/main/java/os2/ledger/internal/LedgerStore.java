package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.ConsistencyProof;
import os2.ledger.api.Entry;
import os2.ledger.api.Head;
import os2.ledger.api.InclusionProof;
import os2.ledger.api.LedgerException;
import os2.ledger.api.Receipt;
import os2.ledger.api.SignedNotes;

/**
 * The ledger on disk, usable without OSGi (the crash tests and benchmarks run it in a plain JVM).
 * Appends come in batches from one writer thread ({@link GroupCommitter}); reads, proofs and
 * checkpoints may come from any thread.
 *
 * <pre>
 * segments/NNNNNNNN.seg   the entries, as {@link Record}s (the only source of truth)
 * index.dat               8 bytes an entry: segment number << 40 | offset
 * hashes.dat              64 bytes an entry: leaf hash, chain hash
 * checkpoints.log         signed checkpoint notes, framed like records
 * state.dat               how far index and hashes were known good ({@link StateFile})
 * </pre>
 *
 * index and hashes are derived: rebuilt from the segments for whatever follows the saved state.
 */
public final class LedgerStore implements AutoCloseable {

	private static final HexFormat HEX = HexFormat.of();
	private static final int INDEX_BYTES = 8;
	private static final int HASHES_BYTES = 2 * Sha256.LENGTH;

	private final Path directory;
	private final Segments segments;
	private final FileChannel index;
	private final FileChannel hashes;
	private final FileChannel checkpointLog;
	private final LedgerKey key;
	private final TreeNodes nodes = new TreeNodes();
	private final MerkleTree tree = new MerkleTree(nodes);
	private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
	private final Sha256 writerSha = new Sha256();
	private final List<Checkpoint> checkpoints = new ArrayList<>();

	private volatile long size;
	private byte[] lastChain;
	private int committedSegment;
	private long segmentEnd;
	private String damage = "";
	private String failure = "";

	private LedgerStore(Path directory, Segments segments, FileChannel index, FileChannel hashes, FileChannel checkpointLog,
			LedgerKey key) {
		this.directory = directory;
		this.segments = segments;
		this.index = index;
		this.hashes = hashes;
		this.checkpointLog = checkpointLog;
		this.key = key;
	}

	/**
	 * Opens (or creates) the ledger in {@code directory}, signing with the key in {@code keys}.
	 *
	 * @param notices told about anything repaired on the way, such as a torn tail cut off
	 */
	public static LedgerStore open(Path directory, Path keys, Consumer<String> notices) {
		try {
			Files.createDirectories(directory);
			LedgerKey key = LedgerKey.loadOrCreate(keys);
			Segments segments = Segments.open(directory.resolve("segments"));
			LedgerStore store = new LedgerStore(directory, segments, channel(directory.resolve("index.dat")),
					channel(directory.resolve("hashes.dat")), channel(directory.resolve("checkpoints.log")), key);
			store.recover(notices);
			return store;
		} catch (IOException e) {
			throw new LedgerException("cannot open the ledger in " + directory + ": " + e.getMessage(), e);
		}
	}

	private static FileChannel channel(Path file) throws IOException {
		return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
	}

	// ---- opening -------------------------------------------------------------------------------

	private void recover(Consumer<String> notices) throws IOException {
		StateFile state = StateFile.read(directory);
		if (!stateFits(state)) {
			state = StateFile.empty();
		}
		loadDerived(state.count());
		size = state.count();
		lastChain = state.chainHash();
		scanTail(state.segment(), state.endOffset(), notices);
		loadCheckpoints();
		Checkpoint last = checkpoints.isEmpty() ? null : checkpoints.getLast();
		if (last != null && last.treeSize() > size) {
			noteDamage("the ledger has " + size + " entries but checkpoint " + last.treeSize() + " was signed: entries "
					+ size + " to " + (last.treeSize() - 1) + " are missing (truncated below a signed checkpoint)");
		}
	}

	/** Damage found on open is kept (the first of it), so verify can report it and appends stop. */
	private void noteDamage(String problem) {
		if (damage.isEmpty()) {
			damage = problem;
		}
	}

	/** The saved state is usable only if the derived files and the segment still reach that far. */
	private boolean stateFits(StateFile state) throws IOException {
		return state.count() * INDEX_BYTES <= index.size() && state.count() * HASHES_BYTES <= hashes.size()
				&& state.segment() < segments.count() && state.endOffset() <= segments.size(state.segment());
	}

	private void loadDerived(long count) throws IOException {
		index.truncate(count * INDEX_BYTES);
		hashes.truncate(count * HASHES_BYTES);
		ByteBuffer buffer = ByteBuffer.allocate(HASHES_BYTES * 4096);
		long position = 0;
		long end = count * HASHES_BYTES;
		while (position < end) {
			buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
			while (buffer.hasRemaining()) {
				position += hashes.read(buffer, position);
			}
			buffer.flip();
			while (buffer.hasRemaining()) {
				byte[] leaf = new byte[Sha256.LENGTH];
				buffer.get(leaf);
				buffer.position(buffer.position() + Sha256.LENGTH);
				nodes.append(leaf);
			}
		}
	}

	/** Reads the records after the saved state, re-deriving their index and hashes; cuts a torn tail. */
	private void scanTail(int startSegment, long startOffset, Consumer<String> notices) throws IOException {
		Sha256 sha = new Sha256();
		int segment = startSegment;
		long offset = startOffset;
		while (true) {
			long end = segments.size(segment);
			if (offset == end) {
				if (segment == segments.current()) {
					break;
				}
				segment++;
				offset = 0;
				continue;
			}
			ByteBuffer header = end - offset >= Record.HEADER ? segments.read(segment, offset, Record.HEADER) : null;
			int length = header == null ? -1 : header.getInt(0);
			if (header == null || length < 0 || length > Record.MAX_JSON || offset + Record.HEADER + length > end) {
				cutTornTail(segment, offset, end, notices);
				break;
			}
			byte[] chain = new byte[Sha256.LENGTH];
			header.get(8, chain);
			byte[] json = new byte[length];
			segments.read(segment, offset + Record.HEADER, length).get(json);
			if (Record.checksum(chain, json) != header.getInt(4)) {
				if (offset + Record.HEADER + length == end || allZero(segment, offset + Record.HEADER + length, end)) {
					cutTornTail(segment, offset, end, notices);
					break;
				}
				noteDamage("entry " + size + " in " + Segments.name(segment) + " at offset " + offset
						+ " is damaged (checksum mismatch) and is not the last one");
				break;
			}
			byte[] expected = sha.chain(lastChain, json);
			if (!Arrays.equals(expected, chain)) {
				noteDamage("entry " + size + " does not continue the hash chain");
				break;
			}
			appendDerived(segment, offset, sha.leaf(json), chain);
			offset += Record.HEADER + length;
		}
		committedSegment = segments.current();
		segmentEnd = segments.size(committedSegment);
	}

	private boolean allZero(int segment, long from, long end) throws IOException {
		ByteBuffer rest = segments.read(segment, from, (int) Math.min(end - from, Record.MAX_JSON + Record.HEADER));
		while (rest.hasRemaining()) {
			if (rest.get() != 0) {
				return false;
			}
		}
		return true;
	}

	private void cutTornTail(int segment, long offset, long end, Consumer<String> notices) throws IOException {
		notices.accept("ledger: cut a torn tail of " + (end - offset) + " bytes after entry " + (size - 1) + " in "
				+ Segments.name(segment) + " (a write interrupted by a crash; nothing acknowledged was in it)");
		segments.truncate(segment, offset);
	}

	private void appendDerived(int segment, long offset, byte[] leaf, byte[] chain) throws IOException {
		ByteBuffer indexBytes = ByteBuffer.allocate(INDEX_BYTES).putLong(((long) segment << 40) | offset).flip();
		ByteBuffer hashBytes = ByteBuffer.allocate(HASHES_BYTES).put(leaf).put(chain).flip();
		writeFully(index, indexBytes, size * INDEX_BYTES);
		writeFully(hashes, hashBytes, size * HASHES_BYTES);
		nodes.append(leaf);
		lastChain = chain;
		size++;
	}

	private void loadCheckpoints() throws IOException {
		long position = 0;
		long end = checkpointLog.size();
		while (position + 8 <= end) {
			ByteBuffer header = ByteBuffer.allocate(8);
			checkpointLog.read(header, position);
			int length = header.getInt(0);
			if (length <= 0 || length > 64 * 1024 || position + 8 + length > end) {
				break; // a checkpoint cut off by a crash: dropped, the next one replaces it
			}
			ByteBuffer note = ByteBuffer.allocate(length);
			checkpointLog.read(note, position + 8);
			if (Record.checksum(new byte[0], note.array()) != header.getInt(4)) {
				if (position + 8 + length == end) {
					break; // the last note, torn
				}
				noteDamage("checkpoint " + (checkpoints.size() + 1) + " in checkpoints.log is damaged (checksum mismatch)");
				return;
			}
			String text = new String(note.array(), StandardCharsets.UTF_8);
			try {
				checkpoints.add(SignedNotes.verifyCheckpoint(text, key.verifierKey()));
			} catch (LedgerException forged) {
				noteDamage("checkpoint " + (checkpoints.size() + 1) + " in checkpoints.log: " + forged.getMessage());
				return;
			}
			position += 8 + length;
		}
		checkpointLog.truncate(position);
	}

	// ---- appending (writer thread only) --------------------------------------------------------

	/** Writes a batch of canonical entries durably and returns a receipt for each, in order. */
	List<Receipt> appendBatch(List<byte[]> batch) {
		if (!damage.isEmpty() || !failure.isEmpty()) {
			throw new LedgerException("the ledger refuses appends: " + (damage.isEmpty() ? failure : damage));
		}
		try {
			int bytes = 0;
			for (byte[] json : batch) {
				bytes += Record.HEADER + json.length;
			}
			int segment = committedSegment;
			long offset = segmentEnd;
			if (offset > 0 && offset + bytes > Segments.ROLL_BYTES) {
				segments.force();
				segments.roll();
				segment = segments.current();
				offset = 0;
			}
			ByteBuffer records = ByteBuffer.allocate(bytes);
			ByteBuffer indexBytes = ByteBuffer.allocate(batch.size() * INDEX_BYTES);
			ByteBuffer hashBytes = ByteBuffer.allocate(batch.size() * HASHES_BYTES);
			List<byte[]> leaves = new ArrayList<>(batch.size());
			List<byte[]> chains = new ArrayList<>(batch.size());
			byte[] chain = lastChain;
			for (byte[] json : batch) {
				chain = writerSha.chain(chain, json);
				byte[] leaf = writerSha.leaf(json);
				new Record(chain, json).writeTo(records);
				indexBytes.putLong(((long) segment << 40) | offset);
				hashBytes.put(leaf).put(chain);
				offset += Record.HEADER + json.length;
				leaves.add(leaf);
				chains.add(chain);
			}
			segments.append(records.flip());
			segments.force();
			long first = size;
			writeFully(index, indexBytes.flip(), first * INDEX_BYTES);
			writeFully(hashes, hashBytes.flip(), first * HASHES_BYTES);
			byte[] root;
			lock.writeLock().lock();
			try {
				leaves.forEach(nodes::append);
				lastChain = chain;
				committedSegment = segment;
				segmentEnd = offset;
				size = first + batch.size();
				root = tree.root(size);
			} finally {
				lock.writeLock().unlock();
			}
			String rootHex = HEX.formatHex(root);
			List<Receipt> receipts = new ArrayList<>(batch.size());
			for (int i = 0; i < batch.size(); i++) {
				receipts.add(new Receipt(first + i, HEX.formatHex(chains.get(i)), HEX.formatHex(leaves.get(i)), size, rootHex));
			}
			return receipts;
		} catch (IOException e) {
			failure = "a write failed (" + e.getMessage() + "); reopen the ledger to recover";
			throw new LedgerException("the ledger could not write to disk: " + e.getMessage()
					+ "; the entries were not recorded", e);
		}
	}

	private static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
		long at = position;
		while (bytes.hasRemaining()) {
			at += channel.write(bytes, at);
		}
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
			ByteBuffer location = ByteBuffer.allocate(INDEX_BYTES);
			index.read(location, entryIndex * INDEX_BYTES);
			long packed = location.getLong(0);
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
			throw new LedgerException("cannot read entry " + entryIndex + ": " + e.getMessage(), e);
		}
	}

	public Head head() {
		lock.readLock().lock();
		try {
			Checkpoint last;
			synchronized (checkpoints) {
				last = checkpoints.isEmpty() ? null : checkpoints.getLast();
			}
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
		synchronized (checkpoints) {
			return List.copyOf(checkpoints);
		}
	}

	public String verifierKey() {
		return key.verifierKey();
	}

	/** Problems found on open that make appending unsafe, or "". */
	public String damage() {
		return damage;
	}

	// ---- checkpoints and closing (writer thread, or after it stopped) ---------------------------

	/** Signs the current tree, records the note and saves the derived files' state. */
	synchronized Checkpoint checkpoint() {
		try {
			long treeSize;
			byte[] root;
			byte[] chain;
			int segment;
			long end;
			lock.readLock().lock();
			try {
				treeSize = size;
				root = tree.root(treeSize);
				chain = lastChain;
				segment = committedSegment;
				end = segmentEnd;
			} finally {
				lock.readLock().unlock();
			}
			String note = key.signCheckpoint(treeSize, root);
			byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
			ByteBuffer framed = ByteBuffer.allocate(8 + bytes.length)
					.putInt(bytes.length)
					.putInt(Record.checksum(new byte[0], bytes))
					.put(bytes)
					.flip();
			writeFully(checkpointLog, framed, checkpointLog.size());
			checkpointLog.force(false);
			index.force(false);
			hashes.force(false);
			new StateFile(treeSize, segment, end, chain).write(directory);
			Checkpoint checkpoint = new Checkpoint(key.name(), treeSize, HEX.formatHex(root), note);
			synchronized (checkpoints) {
				checkpoints.add(checkpoint);
			}
			return checkpoint;
		} catch (IOException e) {
			throw new LedgerException("cannot write a checkpoint: " + e.getMessage(), e);
		}
	}

	Path directory() {
		return directory;
	}

	Segments segments() {
		return segments;
	}

	FileChannel hashesFile() {
		return hashes;
	}

	/** A clean shutdown: a final checkpoint (if anything changed since the last), then the files closed. */
	@Override
	public void close() {
		try {
			if (damage.isEmpty() && failure.isEmpty() && (checkpoints.isEmpty() || checkpoints.getLast().treeSize() != size)) {
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
			index.close();
			hashes.close();
			checkpointLog.close();
		} catch (IOException e) {
			throw new LedgerException("cannot close the ledger: " + e.getMessage(), e);
		}
	}
}
