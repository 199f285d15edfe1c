package os2.ledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ExportLineTest {

	private static final String CHAIN = "0123456789abcdef".repeat(4);

	/** The text of a JSON string literal, or null when the scanner refuses it. */
	private static String text(String literal) {
		StringBuilder text = new StringBuilder();
		int end = ExportLine.string(literal, 0, text);
		return end == literal.length() ? text.toString() : null;
	}

	private static String entryLine(String literal, String index) {
		return "{\"chain\":\"" + CHAIN + "\",\"entry\":" + literal + ",\"index\":" + index + "}";
	}

	@Test
	void anEntryLineGivesItsChainTextAndIndex() {
		ExportLine.EntryLine entry = ExportLine.entry(entryLine("\"{\\\"kind\\\":\\\"note\\\"}\"", "12"));

		assertEquals(CHAIN, entry.chain());
		assertEquals("{\"kind\":\"note\"}", entry.entry());
		assertEquals("12", entry.index());
	}

	@Test
	void aCheckpointLineGivesItsNote() {
		assertEquals("origin\n3\nroot\n", ExportLine.checkpoint("{\"checkpoint\":\"origin\\n3\\nroot\\n\"}"));
	}

	@Test
	void linesOfAnyOtherShapeAreRefused() {
		assertNull(ExportLine.entry(entryLine("\"x\"", "")));
		assertNull(ExportLine.entry(entryLine("\"x\"", "-1")));
		assertNull(ExportLine.entry(entryLine("\"x\"", "1") + " "));
		assertNull(ExportLine.entry(entryLine("\"x\"", "1").replace(CHAIN, CHAIN.toUpperCase())));
		assertNull(ExportLine.entry(entryLine("\"x\"", "1").replace(CHAIN, CHAIN.substring(1))));
		assertNull(ExportLine.entry(entryLine("\"x", "1")));
		assertNull(ExportLine.entry("{\"chain\":\"" + CHAIN + "\",\"entry\":\"x\"}"));
		assertNull(ExportLine.checkpoint("{\"checkpoint\":\"x\"}}"));
		assertNull(ExportLine.checkpoint("{\"checkpoint\":\"x\""));
		assertNull(ExportLine.checkpoint("{\"checkpoint\":x}"));
	}

	@Test
	void escapesAreJsons() {
		assertEquals("\" \\ / \b \f \n \r \t", text("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\""));
		assertEquals("é\u0001", text("\"\\u00e9\\u0001\""));
		assertEquals("é", text("\"\\u00E9\""), "hex digits in either case");
	}

	@Test
	void surrogatePairsComeWholeWhetherRawOrEscaped() {
		assertEquals("😀", text("\"😀\""));
		assertEquals("😀", text("\"\\ud83d\\ude00\""));
		assertEquals("😀", text("\"\\uD83D\\uDE00\""));
		char high = Character.highSurrogate(0x1F600);
		char low = Character.lowSurrogate(0x1F600);
		assertEquals("😀", text("\"" + high + "\\ude00\""), "a raw high half and an escaped low half");
		assertEquals("😀", text("\"\\ud83d" + low + "\""), "an escaped high half and a raw low half");
		assertNull(text("\"" + high + "\""), "a raw lone half");
		assertNull(text("\"" + low + high + "\""));
		assertEquals("a😀b😀", text("\"a\\ud83d\\ude00b😀\""));
	}

	@Test
	void loneSurrogatesAreRefused() {
		// UTF-8, the bytes that were hashed, has no encoding for them
		assertNull(text("\"\\ud83d\""));
		assertNull(text("\"\\ud83dx\""));
		assertNull(text("\"\\ude00\""));
		assertNull(text("\"\\ude00\\ud83d\""));
		assertNull(text("\"\\ud83d\\ud83d\""));
		assertNull(text("\"\\ud83d\\u0041\""));
	}

	@Test
	void malformedEscapesAreRefused() {
		assertNull(text("\"\\x\""), "no such escape");
		assertNull(text("\"\\u+0e9\""), "a sign is not a hex digit");
		assertNull(text("\"\\u-001\""));
		assertNull(text("\"\\u00e\""), "fewer than four digits");
		assertNull(text("\"\\u00"), "cut off");
		assertNull(text("\"\\"));
		assertNull(text("\"\\u٠٠٠١\""), "only ASCII digits are hex digits");
		assertNull(text("\"tab\tinside\""), "control characters are escaped in JSON");
	}

	@Test
	void aMegabyteOfEscapesIsReadWithoutRecursion() {
		String unit = "a\\\"b\\\\c\\n\\u00e9😀";
		String decoded = "a\"b\\c\né😀";
		int count = 1_000_000 / unit.length() + 1;

		String text = text("\"" + unit.repeat(count) + "\"");

		assertEquals(decoded.repeat(count), text);
	}
}
