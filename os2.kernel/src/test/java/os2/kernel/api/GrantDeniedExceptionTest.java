package os2.kernel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GrantDeniedExceptionTest {

	@Test
	void saysWhichGrantIsMissingAndTheAdministratorsCommandThatGivesIt() {
		GrantDeniedException denied = new GrantDeniedException("os2.plugins.git", "net:127.0.0.1:9418");

		assertEquals("os2.plugins.git has no grant for net:127.0.0.1:9418;"
				+ " ./os2 --admin -c 'grant os2.plugins.git net:127.0.0.1:9418' gives it", denied.getMessage());
	}

	@Test
	void theCommandCanBePastedEvenWhenTheGrantHoldsAQuote() {
		// a path may hold a single quote: closed, escaped and opened again, as a POSIX shell reads it
		assertEquals("./os2 --admin -c 'grant os2.plugins.git fs:/srv/it'\\''s:read'",
				GrantDeniedException.grantCommand("os2.plugins.git", "fs:/srv/it's:read"));
	}
}
