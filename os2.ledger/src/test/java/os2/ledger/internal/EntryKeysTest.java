package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import os2.ledger.api.EntryDraft;

/** An entry's keys, read from the end of its canonical JSON, are those of the ids it carries. */
class EntryKeysTest {

	private static final List<String> IDS = List.of("", "r-1", "s-12ab", "a\"b", "back\\slash\\", "\\\"", "ends with \\\\",
			",\"session\":\"x", "\",\"run\":\"", "ünï©ødé 𝄞", "tab\tand\nnewline\u0001", "}", "-12");

	@Test
	void theKeysFromTheJsonAreTheKeysOfTheIds() {
		for (String run : IDS) {
			for (String session : IDS) {
				byte[] json = EntryCodec.encode(new EntryDraft("note", session, run, 7,
						Map.of("text", "\"run\":\"decoy\",\"session\":\"decoy\"", "wall", -1)), "t@1", 1700000000000L);

				EntryKeys keys = EntryKeys.of(json);

				assertEquals(EntryKeys.run(run), keys.run(), "run " + run + " in " + new String(json, StandardCharsets.UTF_8));
				assertEquals(EntryKeys.session(session), keys.session(), "session " + session);
				assertEquals(EntryKeys.of(EntryCodec.decode(0, json)), keys);
			}
		}
	}

	@Test
	void noIdIsNoKeyAndARunIsNotASession() {
		assertEquals(0, EntryKeys.run(""));
		assertEquals(0, EntryKeys.session(""));
		assertNotEquals(EntryKeys.run("x"), EntryKeys.session("x"));
		assertNotEquals(0, EntryKeys.run("x"));
	}

	@Test
	void jsonNotLaidOutAsTheCodecLaysItOutIsDecodedOrHasNoKeys() {
		String reordered = "{\"actor\":\"t@1\",\"kind\":\"note\",\"lamport\":0,\"payload\":{},\"session\":\"s\",\"run\":\"r\",\"wall\":0}";
		assertEquals(new EntryKeys(EntryKeys.run("r"), EntryKeys.session("s")),
				EntryKeys.of(reordered.getBytes(StandardCharsets.UTF_8)));
		assertEquals(EntryKeys.NONE, EntryKeys.of("not json".getBytes(StandardCharsets.UTF_8)));
		assertEquals(EntryKeys.NONE, EntryKeys.of(new byte[0]));
	}
}
