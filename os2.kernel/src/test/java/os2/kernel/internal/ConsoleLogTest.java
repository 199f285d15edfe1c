package os2.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

class ConsoleLogTest {

	@Test
	void onlyErrorsByDefault() {
		assertEquals(LogLevel.ERROR, ConsoleLog.threshold(null));
		assertEquals(LogLevel.ERROR, ConsoleLog.threshold(""));
	}

	@Test
	void levelNamesInAnyCase() {
		assertEquals(LogLevel.DEBUG, ConsoleLog.threshold("debug"));
		assertEquals(LogLevel.WARN, ConsoleLog.threshold(" Warn "));
	}

	@Test
	void anUnknownLevelFallsBackToErrors() {
		assertEquals(LogLevel.ERROR, ConsoleLog.threshold("chatty"));
	}
}
