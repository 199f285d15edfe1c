package os2.ledger.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One entry as it lies in a segment file: a 40-byte header, then the canonical JSON.
 *
 * <pre>
 * u32 length of the JSON | u32 CRC32C of (chain hash || JSON) | 32-byte chain hash h_i | JSON
 * </pre>
 *
 * The length and checksum find a torn tail; the chain hash makes every record name its place in
 * the chain, so an edited, removed, inserted or reordered entry is found at its own index.
 */
record Record(byte[] chainHash, byte[] json) {

	static final int HEADER = 4 + 4 + Sha256.LENGTH;
	/** Larger payloads belong in the blob store; this bound keeps a damaged length from reading gigabytes. */
	static final int MAX_JSON = 1 << 20;

	int size() {
		return HEADER + json.length;
	}

	void writeTo(ByteBuffer buffer) {
		buffer.putInt(json.length);
		buffer.putInt(checksum(chainHash, json));
		buffer.put(chainHash);
		buffer.put(json);
	}

	static int checksum(byte[] chainHash, byte[] json) {
		CRC32C crc = new CRC32C();
		crc.update(chainHash);
		crc.update(json);
		return (int) crc.getValue();
	}
}
