package os2.kernel.internal.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class LastLineTest {

	private static LastLine of(int limit, String... chunks) {
		LastLine last = new LastLine(limit);
		for (String chunk : chunks) {
			last.add(chunk);
		}
		return last;
	}

	@Test
	void theLastLineWithSomethingInItAndTheBlankTextAfterIt() {
		LastLine last = of(100, "first\nsecond\n", "  indented la", "st\n\n   \n");

		assertEquals("  indented last\n\n   \n", last.text());
		assertEquals("first\nsecond\n".length(), last.start());
		assertEquals("first\nsecond\n  indented last\n\n   \n".length(), last.length());
	}

	@Test
	void aLineWithoutANewlineAtTheEndCounts() {
		assertEquals("no newline", of(100, "one\n", "no ", "newline").text());
	}

	@Test
	void blankTextAloneIsNoLine() {
		LastLine last = of(100, "\n  \n", "\t\n");

		assertFalse(last.present());
		assertEquals(-1, last.start());
		assertEquals("", last.text());
	}

	@Test
	void onlyTheFirstCharsAreKeptAndNoHalfOfAPair() {
		LastLine last = of(5, "old\n", "abcd😀xyz\n");

		assertEquals("abcd", last.text());
		assertEquals(4, last.start());
		assertEquals("abcd😀", of(6, "abcd😀xyz").text());
	}
}
