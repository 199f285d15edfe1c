package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.LedgerException;
import os2.ledger.api.SignedNotes;

/**
 * checkpoints.log: the signed checkpoint notes, each framed as u32 length, u32 CRC32C, note.
 * Reading takes the notes in without checking signatures (verify does that); appending forces
 * the note to disk before it counts.
 */
final class CheckpointLog implements AutoCloseable {

	private static final int MAX_NOTE = 64 * 1024;

	private final FileChannel file;
	private final List<Checkpoint> checkpoints = new ArrayList<>();
	private long read;

	CheckpointLog(FileChannel file) {
		this.file = file;
	}

	/** True if another process wrote notes this one has not read. */
	boolean hasUnread() throws IOException {
		return file.size() != read;
	}

	/** Bytes written to the log so far (what state.dat records). */
	long size() throws IOException {
		return file.size();
	}

	/**
	 * Reads the notes written since the last read. Up to {@code writtenEnd} every byte must check
	 * out; beyond it, a note cut off by a crash is dropped with a notice.
	 *
	 * @return what is wrong with the log, or null
	 */
	String load(long writtenEnd, Consumer<String> notices) throws IOException {
		long position = read;
		long end = file.size();
		if (end < writtenEnd) {
			return "checkpoints.log is shorter (" + end + " bytes) than the " + writtenEnd + " bytes written to it";
		}
		while (position < end) {
			String problem;
			ByteBuffer header = ByteBuffer.allocate(8);
			file.read(header, position);
			int length = header.getInt(0);
			if (end - position < 8 || length > 0 && length <= MAX_NOTE && position + 8 + length > end) {
				problem = "cut off";
			} else if (length <= 0 || length > MAX_NOTE) {
				problem = "an impossible length";
			} else {
				problem = take(header.getInt(4), length, position);
				if (problem == null) {
					position += 8 + length;
					read = position;
					continue;
				}
			}
			if (position >= writtenEnd && problem.equals("cut off")) {
				notices.accept("ledger: dropped a checkpoint cut off by a crash at the end of checkpoints.log");
				file.truncate(position);
				return null;
			}
			return "checkpoint " + (all().size() + 1) + " in checkpoints.log (at byte " + position + ") has " + problem;
		}
		return null;
	}

	/** Reads one framed note and keeps its checkpoint; returns a problem, or null. */
	private String take(int checksum, int length, long position) throws IOException {
		ByteBuffer note = ByteBuffer.allocate(length);
		file.read(note, position + 8);
		if (Record.checksum(new byte[0], note.array()) != checksum) {
			return "a checksum mismatch";
		}
		try {
			Checkpoint checkpoint = SignedNotes.readCheckpoint(new String(note.array(), StandardCharsets.UTF_8));
			synchronized (checkpoints) {
				checkpoints.add(checkpoint);
			}
			return null;
		} catch (LedgerException malformed) {
			return malformed.getMessage();
		}
	}

	/** Writes a signed note at the end of the log and forces it to disk. */
	void append(Checkpoint checkpoint) throws IOException {
		byte[] bytes = checkpoint.note().getBytes(StandardCharsets.UTF_8);
		ByteBuffer framed = ByteBuffer.allocate(8 + bytes.length)
				.putInt(bytes.length)
				.putInt(Record.checksum(new byte[0], bytes))
				.put(bytes)
				.flip();
		long at = file.size();
		while (framed.hasRemaining()) {
			at += file.write(framed, at);
		}
		file.force(false);
		synchronized (checkpoints) {
			checkpoints.add(checkpoint);
		}
		read = file.size();
	}

	List<Checkpoint> all() {
		synchronized (checkpoints) {
			return List.copyOf(checkpoints);
		}
	}

	/** The newest checkpoint, or null before the first. */
	Checkpoint last() {
		synchronized (checkpoints) {
			return checkpoints.isEmpty() ? null : checkpoints.getLast();
		}
	}

	@Override
	public void close() throws IOException {
		file.close();
	}
}
