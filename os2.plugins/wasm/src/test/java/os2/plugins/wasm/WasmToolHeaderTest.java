package os2.plugins.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The OS2-Wasm-Tool header: clauses, quoted summaries with separators inside, and what is wrong. */
class WasmToolHeaderTest {

	@Test
	void clausesGiveToolsAndQuotedSummariesKeepTheirCommasAndSemicolons() {
		List<WasmToolHeader.Parsed> parsed = WasmToolHeader
				.parse("greet;path=tools/greet.wasm;summary=\"says hello; politely, twice\", count;path=tools/count.wasm");

		assertEquals(List.of(new WasmToolHeader.Parsed(new WasmToolHeader("greet", "tools/greet.wasm", "says hello; politely, twice")),
				new WasmToolHeader.Parsed(new WasmToolHeader("count", "tools/count.wasm", "a WebAssembly tool"))), parsed);
	}

	@Test
	void aClauseWithoutAPathOrWithABadNameIsAProblemNotATool() {
		List<WasmToolHeader.Parsed> parsed = WasmToolHeader.parse("greet;summary=hi, Bad_Name;path=x.wasm");

		assertEquals(List.of(new WasmToolHeader.Parsed(null, "the tool 'greet' has no path=... to its module"),
				new WasmToolHeader.Parsed(null, "'Bad_Name' is not a command name (lower-case letters, digits, dashes)")), parsed);
	}
}
