package os2.plugins.wasm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import os2.kernel.api.ToolDescription;

/**
 * The {@code OS2-Wasm-Tool} manifest header: one clause per tool,
 * {@code NAME;path=tools/x.wasm;summary="what it does"}, clauses separated by commas. A clause
 * without a path, or with a name that is not a command name, is a problem the extender reports.
 */
record WasmToolHeader(String name, String path, String summary) {

	static final String HEADER = "OS2-Wasm-Tool";

	/** The clauses of a header value, in order; each either a tool or a problem saying why not. */
	static List<Parsed> parse(String value) {
		List<Parsed> tools = new ArrayList<>();
		for (String clause : split(value, ',')) {
			if (clause.isBlank()) {
				continue;
			}
			List<String> parts = split(clause, ';');
			String name = parts.getFirst().strip();
			Map<String, String> attributes = new LinkedHashMap<>();
			for (String part : parts.subList(1, parts.size())) {
				int equals = part.indexOf('=');
				if (equals > 0) {
					attributes.put(part.substring(0, equals).strip(), unquoted(part.substring(equals + 1).strip()));
				}
			}
			if (!ToolDescription.isName(name)) {
				tools.add(new Parsed(null, "'" + name + "' is not a command name (lower-case letters, digits, dashes)"));
			} else if (!attributes.containsKey("path")) {
				tools.add(new Parsed(null, "the tool '" + name + "' has no path=... to its module"));
			} else {
				tools.add(new Parsed(new WasmToolHeader(name, attributes.get("path"),
						attributes.getOrDefault("summary", "a WebAssembly tool"))));
			}
		}
		return tools;
	}

	/** A clause: the tool, or why there is none. */
	record Parsed(WasmToolHeader tool, String problem) {
		Parsed(WasmToolHeader tool) {
			this(tool, null);
		}
	}

	/** Splits on {@code separator} outside double quotes. */
	private static List<String> split(String text, char separator) {
		List<String> parts = new ArrayList<>();
		StringBuilder part = new StringBuilder();
		boolean quoted = false;
		for (char c : text.toCharArray()) {
			if (c == '"') {
				quoted = !quoted;
			}
			if (c == separator && !quoted) {
				parts.add(part.toString());
				part.setLength(0);
			} else {
				part.append(c);
			}
		}
		parts.add(part.toString());
		return parts;
	}

	private static String unquoted(String value) {
		return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1)
				: value;
	}
}
