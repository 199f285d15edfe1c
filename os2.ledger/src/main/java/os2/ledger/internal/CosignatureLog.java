package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.LedgerException;
import os2.ledger.api.SignedNotes;

/**
 * {@code cosignatures.log}: the checkpoints witnesses cosigned. Each record is the ledger's signed
 * note with the witness's cosignature line(s) after its own signature, so it can be handed to anyone
 * as it is; framed like checkpoints.log (u32 length, u32 CRC32C, note). Appended on the witnesses'
 * thread under the ledger's lock (other OS2 processes on this home append too); what it needs of
 * the records, the newest size each witness cosigned and the newest cosigned checkpoint, is kept in
 * memory, so the file is read once.
 */
final class CosignatureLog implements AutoCloseable {

	static final String FILE = "cosignatures.log";
	private static final int MAX_NOTE = 64 * 1024;

	/**
	 * A record: the checkpoint (its note the whole record) and the cosignature lines it carries.
	 *
	 * @param number its place in the file, from 1
	 */
	record Cosigned(int number, long position, Checkpoint checkpoint, List<String> cosignatures) {
	}

	/** What reading the whole file found: the records, and what stopped it (a damaged record), or "". */
	record Contents(List<Cosigned> records, String problem) {
	}

	private final Path path;
	/** Opened once there is a file: a home with no witnesses gets none. */
	private FileChannel file;
	private long read;
	private int count;
	private final Map<String, Long> latestSize = new HashMap<>();
	private Checkpoint newest;
	private final LinkedHashSet<String> newestCosignatures = new LinkedHashSet<>();

	CosignatureLog(Path path) {
		this.path = path;
	}

	/** The file, opened (and made, if {@code create}) when first needed; null if there is none yet. */
	private FileChannel file(boolean create) throws IOException {
		if (file == null && (create || Files.exists(path))) {
			file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
		}
		return file;
	}

	/** Reads every record from the first byte, for verification: nothing taken from memory. */
	static Contents readAll(Path path) {
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			List<Cosigned> records = new ArrayList<>();
			long position = 0;
			long end = channel.size();
			while (position < end) {
				Frame frame = Frame.at(channel, position, end, records.size() + 1);
				if (frame.problem() != null) {
					return new Contents(records, frame.problem());
				}
				records.add(frame.record());
				position += 8 + frame.length();
			}
			return new Contents(records, "");
		} catch (IOException e) {
			throw new LedgerException("cannot read " + path + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Takes in the records written since the last look (by this process or another). A record cut
	 * off at the end is left for the next look: another process may be writing it right now.
	 */
	synchronized void refresh() {
		try {
			FileChannel file = file(false);
			long end = file == null ? 0 : file.size();
			while (read < end) {
				Frame frame = Frame.at(file, read, end, count + 1);
				if (frame.problem() != null) {
					return; // damaged or still being written: verify says which
				}
				take(frame.record());
				read += 8 + frame.length();
			}
		} catch (IOException e) {
			throw new LedgerException("cannot read " + FILE + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Appends a cosigned note and forces it to disk. The caller holds the ledger's lock, so a
	 * record cut off at the end is what a crash left: it is cut, with a notice.
	 */
	synchronized void append(String note, Consumer<String> notices) {
		try {
			refresh();
			FileChannel file = file(true);
			if (file.size() > read) {
				Frame frame = Frame.at(file, read, file.size(), count + 1);
				if (!frame.cutOff()) {
					throw new LedgerException(FILE + " is damaged (" + frame.problem() + "); no cosignature is added "
							+ "after it; 'ledger verify' says more");
				}
				notices.accept("ledger: cut a cosignature cut off by a crash at the end of " + FILE);
				file.truncate(read);
			}
			byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
			ByteBuffer framed = ByteBuffer.allocate(8 + bytes.length)
					.putInt(bytes.length)
					.putInt(Record.checksum(new byte[0], bytes))
					.put(bytes)
					.flip();
			long at = read;
			while (framed.hasRemaining()) {
				at += file.write(framed, at);
			}
			file.force(false);
			refresh();
		} catch (IOException e) {
			throw new LedgerException("cannot write to " + FILE + ": " + e.getMessage(), e);
		}
	}

	/** The largest tree the witness with this identity ({@link WitnessEndpoint#cosigner()}) cosigned, or 0. */
	synchronized long latestSize(String cosigner) {
		return latestSize.getOrDefault(cosigner, 0L);
	}

	/** The newest cosigned checkpoint, with every cosignature stored for it; null if there is none. */
	synchronized Checkpoint witnessed() {
		if (newest == null) {
			return null;
		}
		StringBuilder note = new StringBuilder(SignedNotes.body(newest.note())).append('\n');
		SignedNotes.signatureLines(newest.note()).stream()
				.filter(line -> !newestCosignatures.contains(line))
				.forEach(line -> note.append(line).append('\n'));
		newestCosignatures.forEach(line -> note.append(line).append('\n'));
		return new Checkpoint(newest.origin(), newest.treeSize(), newest.rootHash(), note.toString());
	}

	private void take(Cosigned record) {
		count++;
		Checkpoint checkpoint = record.checkpoint();
		for (String line : record.cosignatures()) {
			latestSize.merge(cosigner(line), checkpoint.treeSize(), Math::max);
		}
		if (newest != null && newest.treeSize() == checkpoint.treeSize() && newest.rootHash().equals(checkpoint.rootHash())) {
			newestCosignatures.addAll(record.cosignatures());
		} else if (newest == null || checkpoint.treeSize() >= newest.treeSize()) {
			newest = checkpoint;
			newestCosignatures.clear();
			newestCosignatures.addAll(record.cosignatures());
		}
	}

	/** {@code name/keyid} of a signature line's signer. */
	static String cosigner(String line) {
		String text = line.substring(SignedNotes.SIGNATURE_PREFIX.length());
		int space = text.lastIndexOf(' ');
		byte[] signed;
		try {
			signed = Base64.getDecoder().decode(text.substring(space + 1));
		} catch (IllegalArgumentException notBase64) {
			signed = new byte[0];
		}
		String id = signed.length < 4 ? "?" : HexFormat.of().formatHex(signed, 0, 4);
		return text.substring(0, Math.max(space, 0)) + "/" + id;
	}

	@Override
	public synchronized void close() {
		try {
			if (file != null) {
				file.close();
			}
		} catch (IOException e) {
			throw new LedgerException("cannot close " + FILE + ": " + e.getMessage(), e);
		}
	}

	/** One framed record, read at a position: the record, or why it cannot be read. */
	private record Frame(int length, Cosigned record, String problem, boolean cutOff) {

		static Frame at(FileChannel channel, long position, long end, int number) throws IOException {
			if (end - position < 8) {
				return broken(number, position, "been cut off", true);
			}
			ByteBuffer header = ByteBuffer.allocate(8);
			channel.read(header, position);
			int length = header.getInt(0);
			if (length <= 0 || length > MAX_NOTE) {
				return broken(number, position, "an impossible length", false);
			}
			if (position + 8 + length > end) {
				return broken(number, position, "been cut off", true);
			}
			ByteBuffer bytes = ByteBuffer.allocate(length);
			channel.read(bytes, position + 8);
			if (Record.checksum(new byte[0], bytes.array()) != header.getInt(4)) {
				return broken(number, position, "a checksum mismatch", false);
			}
			String note = new String(bytes.array(), StandardCharsets.UTF_8);
			try {
				Checkpoint checkpoint = SignedNotes.readCheckpoint(note);
				List<String> cosignatures = SignedNotes.signatureLines(note).stream()
						.filter(line -> !line.startsWith(SignedNotes.SIGNATURE_PREFIX + checkpoint.origin() + " "))
						.toList();
				return new Frame(length, new Cosigned(number, position, checkpoint, cosignatures), null, false);
			} catch (LedgerException | IllegalArgumentException malformed) {
				return broken(number, position, "no cosigned checkpoint in it (" + malformed.getMessage() + ")", false);
			}
		}

		private static Frame broken(int number, long position, String what, boolean cutOff) {
			return new Frame(0, null, "record " + number + " of " + FILE + " (at byte " + position + ") has " + what, cutOff);
		}
	}
}
