package os2.ledger.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Finds the blob an entry's canonical JSON names ({@code "$blob":"<hash>"}, see {@link EntryCodec}).
 * Verification asks this of every entry, and almost none names one: the scan looks for the rare
 * {@code '$'} eight bytes at a time and compares the whole mark only where one is.
 */
final class BlobReference {

	private static final byte[] MARK = ("\"" + EntryCodec.BLOB_KEY + "\":\"").getBytes(StandardCharsets.UTF_8);
	private static final int DOLLAR_IN_MARK = 1;
	private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
	private static final long ONES = 0x0101010101010101L;
	private static final long HIGH_BITS = 0x8080808080808080L;
	private static final long DOLLARS = ONES * '$';

	private BlobReference() {
	}

	/** The SHA-256 (hex) of the blob {@code json} names, or null when it names none. */
	static String in(byte[] json) {
		int i = 0;
		for (; i + Long.BYTES <= json.length; i += Long.BYTES) {
			long word = (long) WORDS.get(json, i) ^ DOLLARS; // a zero byte where json has a '$'
			long zeros = (word - ONES) & ~word & HIGH_BITS; // exact for the lowest zero byte, maybe not above it
			for (int at = Long.numberOfTrailingZeros(zeros) >>> 3; zeros != 0 && at < Long.BYTES; at++) {
				if (markAt(json, i + at - DOLLAR_IN_MARK)) {
					return hashAfter(json, i + at - DOLLAR_IN_MARK);
				}
			}
		}
		for (; i < json.length; i++) {
			if (json[i] == '$' && markAt(json, i - DOLLAR_IN_MARK)) {
				return hashAfter(json, i - DOLLAR_IN_MARK);
			}
		}
		return null;
	}

	private static boolean markAt(byte[] json, int start) {
		if (start < 0 || start + MARK.length > json.length) {
			return false;
		}
		for (int k = 0; k < MARK.length; k++) {
			if (json[start + k] != MARK[k]) {
				return false;
			}
		}
		return true;
	}

	private static String hashAfter(byte[] json, int markStart) {
		int from = markStart + MARK.length;
		int end = from;
		while (end < json.length && end - from < 64 && json[end] != '"') {
			end++;
		}
		return new String(json, from, end - from, StandardCharsets.US_ASCII);
	}
}
