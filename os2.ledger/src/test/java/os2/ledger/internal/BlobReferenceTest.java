package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.EntryDraft;

/** The word-at-a-time search for a blob reference, against a plain {@link String#indexOf}. */
class BlobReferenceTest {

	private static final String MARK = "\"$blob\":\"";
	private static final String HASH = "ab".repeat(32);

	/** What the reference should be, by the obvious method. */
	private static String expected(String json) {
		int at = json.indexOf(MARK);
		if (at < 0) {
			return null;
		}
		int from = at + MARK.length();
		int end = json.indexOf('"', from);
		return json.substring(from, Math.min(end < 0 ? json.length() : end, from + 64));
	}

	/** Text of '$', '"', 'b' and friends, so near-misses and dollars at every word offset are common. */
	@Property(tries = 2000)
	void findsWhatIndexOfFinds(@ForAll @CharRange(from = '!', to = '$') @CharRange(from = ':', to = ':')
	@CharRange(from = 'a', to = 'b') @StringLength(max = 40) String before, @ForAll boolean withMark,
			@ForAll @IntRange(min = 0, max = 70) int hashLength, @ForAll @StringLength(max = 20) String after) {
		String json = before + (withMark ? MARK + HASH.substring(0, Math.min(hashLength, 64)) + "\"" : "") + after;
		assertEquals(expected(json), BlobReference.in(json.getBytes(StandardCharsets.ISO_8859_1)), json);
	}

	@Test
	void findsTheBlobOfALargePayloadAndNoneInASmallOne(@TempDir Path directory) {
		BlobStore blobs = new BlobStore(directory);
		byte[] small = EntryCodec.encode(new EntryDraft("note", "s", "r", 1, Map.of("x", 1L)), "a@1", 5, blobs);
		assertNull(BlobReference.in(small));
		byte[] payload = CanonicalJson.write(Map.of("text", "y".repeat(100_000)));
		byte[] large = EntryCodec.encode(new EntryDraft("note", "s", "r", 2, Map.of("text", "y".repeat(100_000))), "a@1", 5, blobs);
		assertArrayEquals(payload, blobs.get(BlobReference.in(large)));
	}
}
