package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.junit.jupiter.api.Test;

import os2.ledger.api.LedgerException;

class CanonicalJsonTest {

	private static String text(Object value) {
		return new String(CanonicalJson.write(value), StandardCharsets.UTF_8);
	}

	@Test
	void keysAreSortedAtEveryLevelAndThereIsNoWhiteSpace() {
		Map<String, Object> inner = new LinkedHashMap<>();
		inner.put("z", 1);
		inner.put("a", List.of(true, false));
		Map<String, Object> outer = new LinkedHashMap<>();
		outer.put("b", inner);
		outer.put("a", null);

		assertEquals("{\"a\":null,\"b\":{\"a\":[true,false],\"z\":1}}", text(outer));
	}

	@Test
	void keysSortByUtf16CodeUnitsAsRfc8785() {
		// U+10000 is the surrogate pair D800 DC00, which sorts before U+E000 in UTF-16 order.
		assertEquals("{\"\uD800\uDC00\":1,\"\uE000\":2}", text(Map.of("\uE000", 2, "\uD800\uDC00", 1)));
	}

	@Test
	void stringsAreEscapedMinimally() {
		assertEquals("\"q\\\" b\\\\ n\\n t\\t c\\u0001 é / \u2028\"", text("q\" b\\ n\n t\t c\u0001 é / \u2028"));
	}

	@Test
	void wholeNumbersOfAnySize() {
		assertEquals("[-1,9223372036854775807,123456789012345678901234567890]",
				text(List.of(-1, Long.MAX_VALUE, new BigInteger("123456789012345678901234567890"))));
	}

	@Test
	void floatingPointNumbersAreRefusedWithTheirPlace() {
		LedgerException problem = assertThrows(LedgerException.class, () -> CanonicalJson.write(Map.of("cpu", Map.of("load", 0.5))));

		assertTrue(problem.getMessage().contains("0.5 at $.cpu.load"), problem.getMessage());
	}

	@Test
	void aLoneSurrogateIsRefused() {
		assertThrows(LedgerException.class, () -> CanonicalJson.write("\uD800"));
	}

	@Test
	void otherTypesAreRefusedByName() {
		LedgerException problem = assertThrows(LedgerException.class, () -> CanonicalJson.write(Map.of("when", new java.util.Date(0))));

		assertTrue(problem.getMessage().contains("cannot record a Date at $.when"), problem.getMessage());
	}

	@Test
	void parsesWhatOthersWriteToo() {
		assertEquals(Map.of("a", List.of(1L, "x\u00e9"), "b", Map.of()),
				CanonicalJson.parse(" { \"b\" : { } , \"a\" : [ 1 , \"x\\u00e9\" ] } ".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void brokenJsonIsAOneLineError() {
		for (String broken : List.of("{\"a\":", "[1,2", "{\"a\" 1}", "\"open", "1.5", "{} x", "nul")) {
			assertThrows(LedgerException.class, () -> CanonicalJson.parse(broken.getBytes(StandardCharsets.UTF_8)), broken);
		}
	}

	@Property(tries = 500)
	void anyValidStringIsWrittenAsItsReferenceEscapingAndReadBack(@ForAll("strings") String text) {
		byte[] written = CanonicalJson.write(text);

		assertEquals(reference(text), new String(written, StandardCharsets.UTF_8));
		assertEquals(text, CanonicalJson.parse(written));
	}

	@Provide
	Arbitrary<String> strings() {
		Arbitrary<Character> characters = Arbitraries.oneOf(Arbitraries.chars().range('\u0000', '\u001f'),
				Arbitraries.of('"', '\\', '?', '/', 'a', ' ', '\u007f', 'é', '€', '\uffff'),
				Arbitraries.chars().all());
		return characters.list().ofMaxSize(80).map(list -> {
			StringBuilder text = new StringBuilder();
			list.forEach(text::append);
			return text.toString();
		}).filter(CanonicalJsonTest::validUnicode);
	}

	/** JSON's string escaping spelled out the slow, obvious way. */
	private static String reference(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
			}
		}
		return out.append('"').toString();
	}

	@Property(tries = 300)
	void writingWhatWasParsedGivesTheSameBytes(@ForAll("values") Object value) {
		byte[] once = CanonicalJson.write(value);
		byte[] twice = CanonicalJson.write(CanonicalJson.parse(once));

		assertArrayEquals(once, twice, () -> Arrays.toString(once));
	}

	@Provide
	Arbitrary<Object> values() {
		Arbitrary<Object> leaves = Arbitraries.oneOf(
				Arbitraries.strings().all().filter(CanonicalJsonTest::validUnicode).map(s -> (Object) s),
				Arbitraries.longs().map(l -> (Object) l),
				Arbitraries.of(true, false).map(b -> (Object) b),
				Arbitraries.just(null));
		return Arbitraries.recursive(() -> leaves, element -> Arbitraries.oneOf(
				element.list().ofMaxSize(4).map(l -> (Object) l),
				Arbitraries.maps(Arbitraries.strings().ofMaxLength(6).filter(CanonicalJsonTest::validUnicode), element)
						.ofMaxSize(4).map(m -> (Object) m)), 3);
	}

	private static boolean validUnicode(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			} else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}
}
