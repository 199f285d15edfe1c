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
	void theRootCauseIsReportedNotTheWrappers() {
		Exception wrapped = new RuntimeException("instantiation failed",
				new IllegalStateException("reflection", new java.io.IOException("disk full")));

		assertEquals("java.io.IOException: disk full", ConsoleLog.rootCause(wrapped));
	}

	@Test
	void anOs2ExceptionsOwnMessageIsPreferredEvenWhenRewrapped() {
		// as the log service keeps it: another class, the original's text
		Exception wrapped = new RuntimeException("os2.ledger.api.LedgerException: cannot open the ledger in /x",
				new RuntimeException("java.nio.file.FileAlreadyExistsException: /x"));

		assertEquals("cannot open the ledger in /x", ConsoleLog.rootCause(wrapped));
	}

	@Test
	void anUnknownLevelFallsBackToErrors() {
		assertEquals(LogLevel.ERROR, ConsoleLog.threshold("chatty"));
	}
}
