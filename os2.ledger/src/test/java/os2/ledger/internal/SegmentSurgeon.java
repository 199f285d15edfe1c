package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Edits a closed ledger's segment the way an attacker (or a failing disk) would: the tamper tests
 * use it to change, drop, insert and swap whole records, with or without fixing their checksums
 * and chain hashes.
 */
final class SegmentSurgeon {

	private final Path segment;
	private final List<byte[]> records = new ArrayList<>();

	SegmentSurgeon(Path segment) throws IOException {
		this.segment = segment;
		ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
		while (bytes.hasRemaining()) {
			int length = bytes.getInt(bytes.position());
			byte[] record = new byte[Record.HEADER + length];
			bytes.get(record);
			records.add(record);
		}
	}

	int count() {
		return records.size();
	}

	/** Offset of record {@code index} in the file. */
	long offsetOf(int index) {
		long offset = 0;
		for (int i = 0; i < index; i++) {
			offset += records.get(i).length;
		}
		return offset;
	}

	byte[] json(int index) {
		byte[] record = records.get(index);
		byte[] json = new byte[record.length - Record.HEADER];
		System.arraycopy(record, Record.HEADER, json, 0, json.length);
		return json;
	}

	byte[] chain(int index) {
		byte[] chain = new byte[Sha256.LENGTH];
		System.arraycopy(records.get(index), 8, chain, 0, Sha256.LENGTH);
		return chain;
	}

	/** Replaces a record's JSON, keeping its chain hash but giving it a valid checksum. */
	SegmentSurgeon replaceJson(int index, byte[] json) {
		records.set(index, frame(chain(index), json));
		return this;
	}

	SegmentSurgeon remove(int index) {
		records.remove(index);
		return this;
	}

	SegmentSurgeon insert(int index, byte[] chain, byte[] json) {
		records.add(index, frame(chain, json));
		return this;
	}

	SegmentSurgeon swap(int a, int b) {
		byte[] first = records.get(a);
		records.set(a, records.get(b));
		records.set(b, first);
		return this;
	}

	/** Recomputes every chain hash (and checksum) from {@code from} on, as a careful forger would. */
	SegmentSurgeon rechain(int from) {
		Sha256 sha = new Sha256();
		byte[] chain = from == 0 ? Sha256.EMPTY : chain(from - 1);
		for (int i = from; i < records.size(); i++) {
			chain = sha.chain(chain, json(i));
			records.set(i, frame(chain, json(i)));
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
