package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Edits a closed ledger's segment the way an attacker (or a failing disk) would: the tamper tests
 * use it to change, drop, insert and swap whole entries' records, with or without fixing their
 * checksums, chain hashes and (given the MAC key) seals. Entries are counted by their index; the
 * seals between them stay where they are unless a method says otherwise.
 */
final class SegmentSurgeon {

	private final Path segment;
	/** Each record as it lies: an entry's or a seal. */
	private final List<byte[]> records = new ArrayList<>();

	SegmentSurgeon(Path segment) throws IOException {
		this.segment = segment;
		ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
		while (bytes.hasRemaining()) {
			int length = bytes.getInt(bytes.position());
			byte[] record = new byte[length == Seal.MARKER ? Seal.BYTES : Record.HEADER + length];
			bytes.get(record);
			records.add(record);
		}
	}

	private static boolean isSeal(byte[] record) {
		return ByteBuffer.wrap(record).getInt(0) == Seal.MARKER;
	}

	/** Where entry {@code index} is in {@link #records}; {@code count()} is past the last entry. */
	private int position(int index) {
		int entries = 0;
		for (int i = 0; i < records.size(); i++) {
			if (!isSeal(records.get(i)) && entries++ == index) {
				return i;
			}
		}
		if (entries == index) {
			return records.size();
		}
		throw new IndexOutOfBoundsException("entry " + index + " of " + entries);
	}

	int count() {
		return (int) records.stream().filter(record -> !isSeal(record)).count();
	}

	/** Offset of entry {@code index}'s record in the file. */
	long offsetOf(int index) {
		long offset = 0;
		for (int i = 0; i < position(index); i++) {
			offset += records.get(i).length;
		}
		return offset;
	}

	byte[] json(int index) {
		byte[] record = records.get(position(index));
		byte[] json = new byte[record.length - Record.HEADER];
		System.arraycopy(record, Record.HEADER, json, 0, json.length);
		return json;
	}

	byte[] chain(int index) {
		byte[] chain = new byte[Sha256.LENGTH];
		System.arraycopy(records.get(position(index)), 8, chain, 0, Sha256.LENGTH);
		return chain;
	}

	/** Replaces an entry's JSON, keeping its chain hash but giving it a valid checksum. */
	SegmentSurgeon replaceJson(int index, byte[] json) {
		records.set(position(index), frame(chain(index), json));
		return this;
	}

	SegmentSurgeon remove(int index) {
		records.remove(position(index));
		return this;
	}

	SegmentSurgeon insert(int index, byte[] chain, byte[] json) {
		records.add(position(index), frame(chain, json));
		return this;
	}

	SegmentSurgeon swap(int a, int b) {
		int first = position(a);
		int second = position(b);
		byte[] record = records.get(first);
		records.set(first, records.get(second));
		records.set(second, record);
		return this;
	}

	/** Adds an entry after the last record, its checksum and chain hash right, as anyone can without a key. */
	SegmentSurgeon append(byte[] json) {
		byte[] previous = count() == 0 ? Sha256.EMPTY : chain(count() - 1);
		records.add(frame(new Sha256().chain(previous, json), json));
		return this;
	}

	/** Adds a seal naming {@code size} with a MAC that is not the key's. */
	SegmentSurgeon appendForgedSeal(long size) {
		ByteBuffer seal = ByteBuffer.allocate(Seal.BYTES);
		new Seal(size, new byte[Sha256.LENGTH]).writeTo(seal);
		records.add(seal.array());
		return this;
	}

	/** Recomputes every chain hash (and checksum) from entry {@code from} on, as a careful forger would. */
	SegmentSurgeon rechain(int from) {
		Sha256 sha = new Sha256();
		byte[] chain = from == 0 ? Sha256.EMPTY : chain(from - 1);
		for (int i = from; i < count(); i++) {
			chain = sha.chain(chain, json(i));
			records.set(position(i), frame(chain, json(i)));
		}
		return this;
	}

	/**
	 * Makes every seal match again with {@code key}, as only someone holding the MAC key can: each
	 * seal names the entries up to the next seal.
	 */
	SegmentSurgeon reseal(SealKey key) {
		int entries = 0;
		for (int i = 0; i < records.size(); i++) {
			if (!isSeal(records.get(i))) {
				entries++;
				continue;
			}
			int size = entries;
			for (int j = i + 1; j < records.size() && !isSeal(records.get(j)); j++) {
				size++;
			}
			ByteBuffer seal = ByteBuffer.allocate(Seal.BYTES);
			new Seal(size, key.seal(size, size == 0 ? Sha256.EMPTY : chain(size - 1))).writeTo(seal);
			records.set(i, seal.array());
		}
		return this;
	}

	static byte[] frame(byte[] chain, byte[] json) {
		ByteBuffer buffer = ByteBuffer.allocate(Record.HEADER + json.length);
		new Record(chain, json).writeTo(buffer);
		return buffer.array();
	}

	void write() throws IOException {
		ByteBuffer out = ByteBuffer.allocate(records.stream().mapToInt(r -> r.length).sum());
		records.forEach(out::put);
		Files.write(segment, out.array());
	}
}
