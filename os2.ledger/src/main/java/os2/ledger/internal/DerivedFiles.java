package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.locks.Lock;
import java.util.zip.CRC32C;

/**
 * index.dat, hashes.dat and nodes.dat: what the segments say, laid out for lookups and proofs;
 * with them the indexes by run and session ({@link Postings}). They are caches: each carries a
 * CRC32C (saved in state.dat) so a changed byte is noticed on open, and anything they lack or got
 * wrong is rebuilt from the segments.
 *
 * <pre>
 * index.dat    8 bytes an entry: segment number << 40 | offset
 * hashes.dat   64 bytes an entry: leaf hash, chain hash
 * nodes.dat    the Merkle tree's internal nodes, in the order appending leaves completed them
 * postings.dat, keys.dat   see {@link Postings}
 * </pre>
 */
final class DerivedFiles implements AutoCloseable {

	static final int INDEX_BYTES = 8;
	static final int HASHES_BYTES = 2 * Sha256.LENGTH;

	/** Where a derived file was found changed, once it has been rebuilt. */
	record Change(long entry, String problem) {
	}

	private final FileChannel index;
	private final FileChannel hashes;
	private final FileChannel nodes;
	private final Postings postings;
	private final CRC32C indexCrc = new CRC32C();
	private final CRC32C hashesCrc = new CRC32C();
	private final CRC32C nodesCrc = new CRC32C();
	private long persistedLeaves;

	private DerivedFiles(FileChannel index, FileChannel hashes, FileChannel nodes, Postings postings) {
		this.index = index;
		this.hashes = hashes;
		this.nodes = nodes;
		this.postings = postings;
	}

	static DerivedFiles open(Path directory) throws IOException {
		return new DerivedFiles(channel(directory.resolve("index.dat")), channel(directory.resolve("hashes.dat")),
				channel(directory.resolve("nodes.dat")), Postings.open(directory));
	}

	Postings postings() {
		return postings;
	}

	private static FileChannel channel(Path file) throws IOException {
		return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
	}

	/** True if both row files hold at least {@code count} rows. */
	boolean reach(long count) throws IOException {
		return count * INDEX_BYTES <= index.size() && count * HASHES_BYTES <= hashes.size();
	}

	/**
	 * Keeps the first {@code state.count()} rows, checks them against the state's CRCs and loads
	 * the tree: from nodes.dat when it checks out too, else by hashing the leaves again (reported
	 * through {@code nodesRebuilt}).
	 *
	 * @return false if index.dat or hashes.dat does not match (the caller rebuilds from the entries)
	 */
	boolean load(StateFile state, TreeNodes tree, Runnable nodesRebuilt) throws IOException {
		long count = state.count();
		index.truncate(count * INDEX_BYTES);
		hashes.truncate(count * HASHES_BYTES);
		tree.clear();
		indexCrc.reset();
		hashesCrc.reset();
		ColumnReader offsets = new ColumnReader(index, INDEX_BYTES);
		for (long i = 0; i < count; i++) {
			indexCrc.update(offsets.next());
		}
		ColumnReader rows = new ColumnReader(hashes, HASHES_BYTES);
		for (long i = 0; i < count; i++) {
			hashesCrc.update(rows.next());
		}
		if ((int) indexCrc.getValue() != state.indexCrc() || (int) hashesCrc.getValue() != state.hashesCrc()) {
			return false;
		}
		if (!loadStoredNodes(count, state.nodesCrc(), tree)) {
			nodesRebuilt.run();
			tree.clear();
			rows = new ColumnReader(hashes, HASHES_BYTES);
			byte[] leaf = new byte[Sha256.LENGTH];
			for (long i = 0; i < count; i++) {
				rows.next().get(0, leaf);
				tree.append(leaf.clone());
			}
			nodes.truncate(0);
			nodesCrc.reset();
			persistedLeaves = 0;
		}
		return true;
	}

	/** The tree from hashes.dat's leaves and nodes.dat's parents, checked against the saved CRC. */
	private boolean loadStoredNodes(long count, int savedCrc, TreeNodes tree) throws IOException {
		nodesCrc.reset();
		if (nodes.size() < internalNodes(count) * Sha256.LENGTH) {
			return false;
		}
		ColumnReader rows = new ColumnReader(hashes, HASHES_BYTES);
		ColumnReader parents = new ColumnReader(nodes, Sha256.LENGTH);
		for (long i = 0; i < count; i++) {
			tree.appendStoredLeaf(rows.next());
			for (int level = 1; level <= TreeNodes.parentCount(i); level++) {
				ByteBuffer parent = parents.next();
				nodesCrc.update(parent.duplicate());
				tree.appendStoredParent(level, parent);
			}
		}
		nodes.truncate(internalNodes(count) * Sha256.LENGTH);
		persistedLeaves = count;
		return (int) nodesCrc.getValue() == savedCrc;
	}

	/** A tree of n leaves has n - popcount(n) complete internal nodes. */
	private static long internalNodes(long leaves) {
		return leaves - Long.bitCount(leaves);
	}

	/** The first {@code count} rows of both files, as they are now. */
	byte[][] rows(long count) throws IOException {
		return new byte[][] {readAll(index, count * INDEX_BYTES), readAll(hashes, count * HASHES_BYTES)};
	}

	/** Compares rows as they were found ({@link #rows}) with the rebuilt files. */
	Change firstChange(byte[][] before) throws IOException {
		byte[][] after = rows(before[0].length / INDEX_BYTES);
		for (long row = 0; row < before[0].length / INDEX_BYTES; row++) {
			if (!sameRow(before[0], after[0], row, INDEX_BYTES)) {
				return new Change(row, "index.dat was changed on disk at entry " + row);
			}
			if (!sameRow(before[1], after[1], row, HASHES_BYTES)) {
				return new Change(row, "hashes.dat was changed on disk at entry " + row);
			}
		}
		return new Change(-1, "index.dat or hashes.dat did not match the checksums in state.dat");
	}

	private static boolean sameRow(byte[] a, byte[] b, long row, int width) {
		int from = (int) row * width;
		return Arrays.equals(a, from, from + width, b, from, from + width);
	}

	private static byte[] readAll(FileChannel file, long length) throws IOException {
		ByteBuffer bytes = ByteBuffer.allocate((int) length);
		long position = 0;
		while (bytes.hasRemaining() && file.read(bytes, position) > 0) {
			position = bytes.position();
		}
		return bytes.array();
	}

	/** Writes rows for entries from {@code first} on. Their CRCs are taken by {@link #account}. */
	void write(long first, ByteBuffer indexRows, ByteBuffer hashRows) throws IOException {
		writeFully(index, indexRows, first * INDEX_BYTES);
		writeFully(hashes, hashRows, first * HASHES_BYTES);
	}

	/** Writes the rows of one entry, not yet taken in (see {@link #takeInWritten}); keeps its keys to index it then. */
	void writeRow(long entry, long location, byte[] leaf, byte[] chain, EntryKeys keys) throws IOException {
		write(entry, ByteBuffer.allocate(INDEX_BYTES).putLong(0, location),
				ByteBuffer.allocate(HASHES_BYTES).put(leaf).put(chain).flip());
		postings.read(entry, keys);
	}

	/**
	 * Takes rows {@code from} up to {@code to}, written before, into the running CRCs and the tree:
	 * opening writes an entry's rows when it reads the entry, and takes them in once a seal
	 * covers it.
	 *
	 * @return the chain hash in the last row taken in
	 */
	byte[] takeInWritten(long from, long to, TreeNodes tree) throws IOException {
		ColumnReader offsets = new ColumnReader(index, INDEX_BYTES, from);
		ColumnReader rows = new ColumnReader(hashes, HASHES_BYTES, from);
		byte[] chain = new byte[Sha256.LENGTH];
		for (long entry = from; entry < to; entry++) {
			ByteBuffer offset = offsets.next();
			ByteBuffer row = rows.next();
			if (offset == null || row == null) {
				throw new IOException("index.dat or hashes.dat ends before the row of entry " + entry + " just written");
			}
			byte[] leaf = new byte[Sha256.LENGTH];
			row.get(0, leaf);
			row.get(Sha256.LENGTH, chain);
			indexCrc.update(offset);
			hashesCrc.update(row);
			tree.append(leaf);
		}
		postings.takeIn(from, to);
		return chain;
	}

	/** Drops the rows from entry {@code count} on: written for entries that were then cut off. */
	void cut(long count) throws IOException {
		index.truncate(count * INDEX_BYTES);
		hashes.truncate(count * HASHES_BYTES);
		postings.cut(count);
	}

	/** Adds rows to the running CRCs; the caller keeps them in step with the ledger's size. */
	void account(ByteBuffer indexRows, ByteBuffer hashRows) {
		indexCrc.update(indexRows);
		hashesCrc.update(hashRows);
	}

	/** Where entry {@code entry}'s record is: segment number << 40 | offset. */
	long location(long entry) throws IOException {
		ByteBuffer location = ByteBuffer.allocate(INDEX_BYTES);
		index.read(location, entry * INDEX_BYTES);
		return location.getLong(0);
	}

	int indexCrc() {
		return (int) indexCrc.getValue();
	}

	int hashesCrc() {
		return (int) hashesCrc.getValue();
	}

	int nodesCrc() {
		return (int) nodesCrc.getValue();
	}

	/** Forces the rows to disk and appends the tree nodes completed since the last time. */
	void persist(TreeNodes tree, long treeSize, Lock treeLock) throws IOException {
		index.force(false);
		hashes.force(false);
		postings.persist();
		if (persistedLeaves >= treeSize) {
			return;
		}
		ByteBuffer out = ByteBuffer.allocate((int) (internalNodes(treeSize) - internalNodes(persistedLeaves)) * Sha256.LENGTH);
		treeLock.lock();
		try {
			for (long i = persistedLeaves; i < treeSize; i++) {
				for (byte[] parent : tree.parentsOf(i)) {
					out.put(parent);
				}
			}
		} finally {
			treeLock.unlock();
		}
		out.flip();
		nodesCrc.update(out.duplicate());
		writeFully(nodes, out, internalNodes(persistedLeaves) * Sha256.LENGTH);
		nodes.force(false);
		persistedLeaves = treeSize;
	}

	FileChannel indexFile() {
		return index;
	}

	FileChannel hashesFile() {
		return hashes;
	}

	static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
		long at = position;
		while (bytes.hasRemaining()) {
			at += channel.write(bytes, at);
		}
	}

	/** Reads into {@code bytes} from {@code position} until they are full or the file ends. */
	static void readFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
		long at = position;
		while (bytes.hasRemaining()) {
			int read = channel.read(bytes, at);
			if (read < 0) {
				return;
			}
			at += read;
		}
	}

	@Override
	public void close() throws IOException {
		index.close();
		hashes.close();
		nodes.close();
		postings.close();
	}
}
