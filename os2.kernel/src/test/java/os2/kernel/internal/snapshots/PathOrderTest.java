package os2.kernel.internal.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class PathOrderTest {

	@Test
	void ordersAsUtf8BytesDo() {
		List<String> paths = new ArrayList<>(List.of("a/b", "a.b", "a", "\uFF5E", "\uD83D\uDE00", "é", "Z", "a/b/c", "a0"));
		paths.sort(PathOrder.BYTEWISE);

		assertTrue(sortedBytewise(paths), paths.toString());
		assertEquals(List.of("Z", "a", "a.b", "a/b", "a/b/c", "a0", "é", "\uFF5E", "\uD83D\uDE00"), paths);
	}

	static boolean sortedBytewise(List<String> paths) {
		for (int i = 1; i < paths.size(); i++) {
			if (Arrays.compareUnsigned(paths.get(i - 1).getBytes(StandardCharsets.UTF_8),
					paths.get(i).getBytes(StandardCharsets.UTF_8)) >= 0) {
				return false;
			}
		}
		return true;
	}
}
