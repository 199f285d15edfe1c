package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import os2.ledger.api.LedgerException;

/**
 * The append-only segment files {@code 00000000.seg, 00000001.seg, ...}: only the last one grows;
 * a full one is never written again. Anything else in the directory is refused, so a stray file
 * is noticed rather than ignored.
 */
final class Segments implements AutoCloseable {

	static final long ROLL_BYTES = 64L << 20;

	private final Path directory;
	private final List<FileChannel> channels = new ArrayList<>();

	private Segments(Path directory) {
		this.directory = directory;
	}

	static Segments open(Path directory) throws IOException {
		Files.createDirectories(directory);
		TreeMap<Integer, Path> found = new TreeMap<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				if (!name.matches("\\d{8}\\.seg") || !Files.isRegularFile(entry)) {
					throw new LedgerException("foreign file in the ledger's segments: " + entry
							+ "; move it out of " + directory + " (OS2 writes only NNNNNNNN.seg files there)");
				}
				found.put(Integer.parseInt(name.substring(0, 8)), entry);
			}
		}
		Segments segments = new Segments(directory);
		int expected = 0;
		for (var segment : found.entrySet()) {
			if (segment.getKey() != expected++) {
				segments.close();
				throw new LedgerException("segment " + name(expected - 1) + " is missing from " + directory
						+ " (found " + segment.getValue().getFileName() + "); the ledger is incomplete, restore it from a backup");
			}
			segments.channels.add(FileChannel.open(segment.getValue(), StandardOpenOption.READ, StandardOpenOption.WRITE));
		}
		if (segments.channels.isEmpty()) {
			segments.roll();
		}
		return segments;
	}

	static String name(int segment) {
		return String.format("%08d.seg", segment);
	}

	Path directory() {
		return directory;
	}

	int count() {
		return channels.size();
	}

	int current() {
		return channels.size() - 1;
	}

	long size(int segment) throws IOException {
		return channels.get(segment).size();
	}

	/** Opens segments another process started since; true if there were any. */
	boolean refresh() throws IOException {
		boolean found = false;
		Path next = directory.resolve(name(channels.size()));
		while (Files.exists(next)) {
			channels.add(FileChannel.open(next, StandardOpenOption.READ, StandardOpenOption.WRITE));
			found = true;
			next = directory.resolve(name(channels.size()));
		}
		return found;
	}

	/** Starts a new segment; the current one is complete. */
	void roll() throws IOException {
		Path next = directory.resolve(name(channels.size()));
		channels.add(FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE));
	}

	/** Appends to the current segment and returns the offset the bytes start at. */
	long append(ByteBuffer bytes) throws IOException {
		FileChannel channel = channels.getLast();
		long start = channel.size();
		long position = start;
		while (bytes.hasRemaining()) {
			position += channel.write(bytes, position);
		}
		return start;
	}

	/** Makes everything written so far durable (data only: the file length is forced with it). */
	void force() throws IOException {
		channels.getLast().force(false);
	}

	ByteBuffer read(int segment, long offset, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		FileChannel channel = channels.get(segment);
		long position = offset;
		while (buffer.hasRemaining()) {
			int read = channel.read(buffer, position);
			if (read < 0) {
				throw new LedgerException("segment " + name(segment) + " ends at " + position + ", before the "
						+ length + " bytes at offset " + offset);
			}
			position += read;
		}
		return buffer.flip();
	}

	/** Cuts a torn tail: the segment ends at {@code size}, later segments go. */
	void truncate(int segment, long size) throws IOException {
		while (channels.size() > segment + 1) {
			channels.removeLast().close();
			Files.delete(directory.resolve(name(channels.size())));
		}
		channels.get(segment).truncate(size);
		channels.get(segment).force(true);
	}

	/** Closes the files; any later read or write fails with an I/O error, as on a lost disk. */
	@Override
	public void close() throws IOException {
		for (FileChannel channel : channels) {
			channel.close();
		}
	}
}
