package os2.ledger.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import os2.ledger.api.LedgerException;

/**
 * The one serialization of ledger entries: JSON with object keys sorted (by UTF-16 code units, as
 * RFC 8785), no insignificant white space, strings escaped minimally, UTF-8, and whole numbers
 * only — a floating-point number has more than one text, so it is refused. The bytes written are
 * the bytes stored and hashed; {@link #parse} reads them back for display, never for hashing.
 */
public final class CanonicalJson {

	private CanonicalJson() {
	}

	/**
	 * Where in the value a problem is, for error messages: built as text only when there is a
	 * problem, since concatenating a path for every key would cost more than the writing.
	 */
	private record Where(Where parent, String key, int index) {

		static final Where ROOT = new Where(null, null, -1);

		Where key(String name) {
			return new Where(this, name, -1);
		}

		Where index(int position) {
			return new Where(this, null, position);
		}

		@Override
		public String toString() {
			if (parent == null) {
				return "$";
			}
			return parent + (key != null ? "." + key : "[" + index + "]");
		}
	}

	public static byte[] write(Object value) {
		JsonBytes out = new JsonBytes(256);
		write(value, out, Where.ROOT);
		return out.toByteArray();
	}

	/** Writes one value where {@code out} stands: for callers that lay out an object themselves. */
	static void write(Object value, JsonBytes out) {
		write(value, out, Where.ROOT);
	}

	private static void write(Object value, JsonBytes out, Where where) {
		switch (value) {
			case null -> out.ascii("null");
			case String text -> string(text, out, where);
			case Boolean flag -> out.ascii(flag.toString());
			case Long number -> out.ascii(number.toString());
			case Integer number -> out.ascii(number.toString());
			case Short number -> out.ascii(number.toString());
			case Byte number -> out.ascii(number.toString());
			case BigInteger number -> out.ascii(number.toString());
			case Map<?, ?> map -> object(map, out, where);
			case List<?> list -> array(list, out, where);
			case Double number -> throw floating(where, number);
			case Float number -> throw floating(where, number);
			case Number number -> throw floating(where, number);
			default -> throw new LedgerException("cannot record a " + value.getClass().getSimpleName() + " at " + where
					+ "; use strings, whole numbers, booleans, null, lists and maps");
		}
	}

	private static LedgerException floating(Where where, Number number) {
		return new LedgerException("no floating-point numbers in the ledger (" + number + " at " + where
				+ "): their text is not canonical; record a string or a scaled whole number");
	}

	private static void object(Map<?, ?> map, JsonBytes out, Where where) {
		Map.Entry<?, ?>[] entries = map.entrySet().toArray(new Map.Entry<?, ?>[0]);
		for (Map.Entry<?, ?> entry : entries) {
			if (!(entry.getKey() instanceof String)) {
				throw new LedgerException("object keys must be strings, not " + entry.getKey() + " at " + where);
			}
		}
		// A TreeMap in natural order is sorted already (the entry's own fields are); String's
		// order is by UTF-16 code units, which is what RFC 8785 asks for.
		if (!(map instanceof TreeMap<?, ?> tree && tree.comparator() == null)) {
			Arrays.sort(entries, (x, y) -> ((String) x.getKey()).compareTo((String) y.getKey()));
		}
		out.ascii('{');
		for (int i = 0; i < entries.length; i++) {
			if (i > 0) {
				out.ascii(',');
			}
			String key = (String) entries[i].getKey();
			string(key, out, where);
			out.ascii(':');
			write(entries[i].getValue(), out, where.key(key));
		}
		out.ascii('}');
	}

	private static void array(List<?> list, JsonBytes out, Where where) {
		out.ascii('[');
		for (int i = 0; i < list.size(); i++) {
			if (i > 0) {
				out.ascii(',');
			}
			write(list.get(i), out, where.index(i));
		}
		out.ascii(']');
	}

	private static void string(String text, JsonBytes out, Where where) {
		if (!out.string(text)) {
			throw new LedgerException("a string at " + where + " is not valid Unicode (a lone surrogate)");
		}
	}

	/** Reads JSON back: objects keep their order, numbers become Long (or BigInteger). */
	public static Object parse(byte[] json) {
		Parser parser = new Parser(new String(json, StandardCharsets.UTF_8));
		Object value = parser.value();
		parser.skipBlanks();
		if (!parser.atEnd()) {
			throw parser.error("unexpected text after the value");
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> parseObject(byte[] json) {
		if (parse(json) instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		throw new LedgerException("not a JSON object: " + new String(json, StandardCharsets.UTF_8));
	}

	/** A small recursive-descent parser for the JSON this class writes (and any other JSON). */
	private static final class Parser {

		private final String text;
		private int at;

		Parser(String text) {
			this.text = text;
		}

		boolean atEnd() {
			return at >= text.length();
		}

		void skipBlanks() {
			while (!atEnd() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
				at++;
			}
		}

		Object value() {
			skipBlanks();
			if (atEnd()) {
				throw error("a value is missing");
			}
			char c = text.charAt(at);
			return switch (c) {
				case '{' -> object();
				case '[' -> array();
				case '"' -> string();
				case 't' -> literal("true", Boolean.TRUE);
				case 'f' -> literal("false", Boolean.FALSE);
				case 'n' -> literal("null", null);
				default -> number();
			};
		}

		private Map<String, Object> object() {
			Map<String, Object> map = new LinkedHashMap<>();
			at++;
			skipBlanks();
			if (peek('}')) {
				at++;
				return map;
			}
			while (true) {
				skipBlanks();
				if (!peek('"')) {
					throw error("an object key must be a string");
				}
				String key = string();
				skipBlanks();
				expect(':');
				map.put(key, value());
				skipBlanks();
				if (peek(',')) {
					at++;
				} else {
					expect('}');
					return map;
				}
			}
		}

		private List<Object> array() {
			List<Object> list = new ArrayList<>();
			at++;
			skipBlanks();
			if (peek(']')) {
				at++;
				return list;
			}
			while (true) {
				list.add(value());
				skipBlanks();
				if (peek(',')) {
					at++;
				} else {
					expect(']');
					return list;
				}
			}
		}

		private String string() {
			at++;
			StringBuilder out = new StringBuilder();
			while (true) {
				if (atEnd()) {
					throw error("a string is not closed");
				}
				char c = text.charAt(at++);
				if (c == '"') {
					return out.toString();
				}
				if (c != '\\') {
					out.append(c);
					continue;
				}
				if (atEnd()) {
					throw error("an escape is cut off");
				}
				char e = text.charAt(at++);
				switch (e) {
					case '"', '\\', '/' -> out.append(e);
					case 'b' -> out.append('\b');
					case 'f' -> out.append('\f');
					case 'n' -> out.append('\n');
					case 'r' -> out.append('\r');
					case 't' -> out.append('\t');
					case 'u' -> {
						if (at + 4 > text.length()) {
							throw error("a \\u escape is cut off");
						}
						out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
						at += 4;
					}
					default -> throw error("unknown escape \\" + e);
				}
			}
		}

		private Object literal(String word, Object value) {
			if (!text.startsWith(word, at)) {
				throw error("expected " + word);
			}
			at += word.length();
			return value;
		}

		private Object number() {
			int start = at;
			if (peek('-')) {
				at++;
			}
			while (!atEnd() && Character.isDigit(text.charAt(at))) {
				at++;
			}
			if (!atEnd() && ".eE".indexOf(text.charAt(at)) >= 0) {
				throw error("floating-point numbers are not used in the ledger");
			}
			String digits = text.substring(start, at);
			if (digits.isEmpty() || digits.equals("-")) {
				throw error("unexpected character '" + text.charAt(start) + "'");
			}
			BigInteger number = new BigInteger(digits);
			return number.bitLength() < 64 ? (Object) number.longValue() : number;
		}

		private boolean peek(char c) {
			return !atEnd() && text.charAt(at) == c;
		}

		private void expect(char c) {
			if (!peek(c)) {
				throw error("expected '" + c + "'");
			}
			at++;
		}

		/** Says where, as line and column: policy files are JSON a person edits. */
		LedgerException error(String problem) {
			int line = 1;
			int lineStart = 0;
			for (int i = 0; i < Math.min(at, text.length()); i++) {
				if (text.charAt(i) == '\n') {
					line++;
					lineStart = i + 1;
				}
			}
			return new LedgerException("not valid JSON at line " + line + ", column " + (at - lineStart + 1) + ": " + problem);
		}
	}
}
