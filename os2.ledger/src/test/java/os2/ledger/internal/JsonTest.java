package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import os2.ledger.api.Json;
import os2.ledger.api.LedgerException;

/** The JSON facade other bundles use: parse, canonical and pretty forms of the same value. */
class JsonTest {

	@Test
	void prettyTextParsesBackToTheSameValueAndIsIndentedByTabs() {
		Map<String, Object> value = Map.of("b", List.of(1L, "two", Map.of()), "a", Map.of("x", true, "y", List.of()));
		String pretty = Json.pretty(value);
		assertEquals("{\n\t\"a\": {\n\t\t\"x\": true,\n\t\t\"y\": []\n\t},\n\t\"b\": [\n\t\t1,\n\t\t\"two\",\n\t\t{}\n\t]\n}\n", pretty);
		assertEquals(Json.canonical(value), Json.canonical(Json.parse(pretty)));
		assertEquals("{\"a\":{\"x\":true,\"y\":[]},\"b\":[1,\"two\",{}]}", Json.canonical(value));
	}

	@Test
	void brokenTextIsALedgerExceptionSayingWhere() {
		LedgerException broken = assertThrows(LedgerException.class, () -> Json.parse("{\n\t\"a\": [1, }"));
		assertEquals(true, broken.getMessage().startsWith("not valid JSON at line 2, column 11: "), broken.getMessage());
	}
}
