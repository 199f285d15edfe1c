package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

import os2.ledger.api.Entry;
import os2.ledger.api.EntryDraft;

/** EntryCodec lays out an entry's fields by hand; they must come out as CanonicalJson sorts a map. */
class EntryCodecTest {

	@Property(tries = 500)
	void writesWhatCanonicalJsonWritesForTheFieldMap(@ForAll @StringLength(max = 12) String session,
			@ForAll @StringLength(max = 12) String run, @ForAll @StringLength(max = 12) String actor,
			@ForAll @LongRange(min = 0) long lamport, @ForAll long wall, @ForAll @StringLength(max = 30) String text,
			@ForAll long number) {
		Map<String, Object> payload = Map.of("text", text, "n", number, "nested", Map.of("z", true, "a", text));
		EntryDraft draft = new EntryDraft("run-start", session, run, lamport, payload);

		Map<String, Object> fields = new TreeMap<>();
		fields.put("actor", actor);
		fields.put("kind", draft.kind());
		fields.put("lamport", lamport);
		fields.put("payload", payload);
		fields.put("run", run);
		fields.put("session", session);
		fields.put("wall", wall);
		byte[] encoded = EntryCodec.encode(draft, actor, wall);
		assertArrayEquals(CanonicalJson.write(fields), encoded);

		Entry decoded = EntryCodec.decode(7, encoded);
		assertEquals(session, decoded.session());
		assertEquals(text, decoded.payload().get("text"));
	}
}
