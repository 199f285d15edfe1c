package os2.kernel.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProcStatTest {

	@Test
	@Timeout(5)
	void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
		String line = "4242 (evil) (name) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 50 30 20 20 0 3 0 987654"
				+ " 123456789 2048 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

		ProcStat stat = ProcStat.parse(line);

		assertEquals(new ProcStat(4242, 'S', 17, 4242, 300, 50, 3, 987654, 123456789, 2048), stat);
	}

	@Test
	@Timeout(5)
	void thisJvmReadsItselfFromProc() {
		ProcStat self = ProcStat.read(ProcessHandle.current().pid()).orElseThrow();

		assertEquals(ProcessHandle.current().pid(), self.pid());
		assertTrue(self.threads() > 1, self::toString);
		assertTrue(self.virtualBytes() > 0 && self.residentPages() > 0, self::toString);
	}
}
