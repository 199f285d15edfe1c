package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.regex.Pattern;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

import org.junit.jupiter.api.Test;

import os2.ledger.api.Kinds;
import os2.ledger.api.LedgerException;

/** The hand-written kind check against the regular expression docs/ledger.md gives for it. */
class KindsTest {

	private static final Pattern DOCUMENTED = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

	@Property(tries = 3000)
	void acceptsExactlyWhatTheDocumentedPatternMatches(
			@ForAll @CharRange(from = 'a', to = 'c') @CharRange(from = '0', to = '1') @Chars({'-', 'A', '_', 'z', '9'})
			@StringLength(max = 8) String kind) {
		boolean accepted;
		try {
			assertEquals(kind, Kinds.check(kind));
			accepted = true;
		} catch (LedgerException refused) {
			accepted = false;
		}
		assertEquals(DOCUMENTED.matcher(kind).matches(), accepted, kind);
	}

	@Test
	void refusesNullAndOverlongKinds() {
		assertThrows(LedgerException.class, () -> Kinds.check(null));
		assertThrows(LedgerException.class, () -> Kinds.check("a".repeat(65)));
		assertEquals("a".repeat(64), Kinds.check("a".repeat(64)));
	}
}
