package os2.kernel.internal.snapshots;

import java.util.Comparator;

/**
 * Paths in the order of their UTF-8 bytes (as {@code strcmp} and git sort them), without encoding
 * them: UTF-8 keeps the order of code points, which String's own order (UTF-16 units) does not
 * for characters beyond U+FFFF.
 */
final class PathOrder {

	static final Comparator<String> BYTEWISE = PathOrder::compare;

	private PathOrder() {
	}

	static int compare(String a, String b) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			int x = a.codePointAt(i);
			int y = b.codePointAt(j);
			if (x != y) {
				return Integer.compare(x, y);
			}
			i += Character.charCount(x);
			j += Character.charCount(y);
		}
		return Integer.compare(a.length() - i, b.length() - j);
	}
}
