package os2.ledger.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import os2.ledger.internal.CanonicalJson;

/**
 * The JSON ledger entries are made of, for bundles that read payloads or keep small JSON files
 * (the kernel's policy): objects become {@code Map<String, Object>} in their order, numbers
 * {@code Long} (or {@code BigInteger}), and floating-point numbers are refused. One parser for
 * the whole of OS2, with no dependency to load at start.
 */
public final class Json {

	private Json() {
	}

	/** @throws LedgerException with the place and reason when {@code text} is not JSON */
	public static Object parse(String text) {
		return CanonicalJson.parse(text.getBytes(StandardCharsets.UTF_8));
	}

	/** Canonical JSON (sorted keys, no white space): what the ledger stores and hashes. */
	public static String canonical(Object value) {
		return new String(CanonicalJson.write(value), StandardCharsets.UTF_8);
	}

	/** The same value, sorted as {@link #canonical}, indented by tabs for a person to read and edit. */
	public static String pretty(Object value) {
		StringBuilder out = new StringBuilder();
		pretty(Json.parse(canonical(value)), out, 0);
		return out.append('\n').toString();
	}

	private static void pretty(Object value, StringBuilder out, int depth) {
		if (value instanceof Map<?, ?> map && !map.isEmpty()) {
			out.append("{\n");
			int i = 0;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				out.append("\t".repeat(depth + 1)).append(canonical(entry.getKey())).append(": ");
				pretty(entry.getValue(), out, depth + 1);
				out.append(++i < map.size() ? ",\n" : "\n");
			}
			out.append("\t".repeat(depth)).append('}');
		} else if (value instanceof List<?> list && !list.isEmpty()) {
			out.append("[\n");
			for (int i = 0; i < list.size(); i++) {
				out.append("\t".repeat(depth + 1));
				pretty(list.get(i), out, depth + 1);
				out.append(i + 1 < list.size() ? ",\n" : "\n");
			}
			out.append("\t".repeat(depth)).append(']');
		} else {
			out.append(canonical(value));
		}
	}
}
