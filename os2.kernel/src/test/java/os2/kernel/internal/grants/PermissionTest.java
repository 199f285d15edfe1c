package os2.kernel.internal.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import os2.kernel.api.KernelException;

/** The grant language: what parses, what it prints as, and which grant covers which request. */
class PermissionTest {

	@ParameterizedTest
	@ValueSource(strings = {"service:os2.kernel.api.Sandbox:get", "service:os2.kernel.api.*:register", "service:*:get",
			"fs:/tmp/data:read", "fs:/srv:write", "net:github.com", "net:127.0.0.1:9418", "net:[::1]:8080", "net:*",
			"proc:python3", "proc:/usr/bin/git", "budget:tokens:5000", "host:os2.note", "host:os2.*", "host:*",
			"secret:github", "secret:ci.*", "secret:*"})
	void printsAsItWasWritten(String text) {
		assertEquals(text, Permission.parse(text).toString());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"service:os2.kernel.api.Sandbox:get | service:os2.kernel.api.Sandbox:get | true",
			"service:os2.kernel.api.*:get | service:os2.kernel.api.Sandbox:get | true",
			"service:*:get | service:os2.kernel.api.Sandbox:get | true",
			"service:*:get | service:os2.kernel.api.Sandbox:register | false",
			"service:os2.kernel.api.Sandbox:get | service:os2.kernel.api.Kernel:get | false",
			"fs:/srv:write | fs:/srv/a/b:read | true",
			"fs:/srv:read | fs:/srv/a:write | false",
			"fs:/srv:read | fs:/srvx:read | false",
			"fs:/srv:read | fs:/srv/../etc:read | false",
			"net:github.com | net:github.com:443 | true",
			"net:GitHub.com | net:github.com:443 | true",
			"net:github.com:22 | net:github.com:443 | false",
			"net:* | net:example.org:80 | true",
			"net:127.0.0.1:9418 | net:127.0.0.1:9418 | true",
			"net:127.0.0.1 | net:127.0.0.2 | false",
			"proc:python3 | proc:python3 | true",
			"proc:python3 | proc:/usr/bin/python3 | true",
			"proc:/usr/bin/python3 | proc:/opt/evil/python3 | false",
			"proc:python3 | proc:python | false",
			"proc:* | proc:/bin/sh | true",
			"budget:tokens:5000 | budget:tokens:800 | true",
			"budget:tokens:5000 | budget:tokens:8000 | false",
			"budget:tokens:5000 | budget:wall-time:10 | false",
			"host:os2.note | host:os2.note | true",
			"host:os2.note | host:os2.read | false",
			"host:os2.* | host:os2.note | true",
			"host:os2.* | host:other.note | false",
			"host:* | host:other.note | true",
			"secret:github | secret:github | true",
			"secret:github | secret:gitlab | false",
			"secret:git* | secret:gitlab | true",
			"secret:* | secret:anything | true",
			"host:* | secret:github | false",
			"proc:* | host:os2.note | false",
			"net:* | proc:python3 | false"})
	void impliesExactlyWhatItCovers(String grant, String request, boolean covered) {
		assertEquals(covered, Permission.parse(grant).implies(Permission.parse(request)));
	}

	@ParameterizedTest
	@ValueSource(strings = {"", "python3", "disk:/x:read", "service:x", "service:x:delete", "fs:relative:read",
			"fs:/x:execute", "net:", "net:host:99999", "net:host:http", "net:[::1", "proc:", "budget:tokens",
			"budget:tokens:many", "host:", "host:note", "host:os2.", "host:os2.no/te", "host:os2.note:get", "secret:", "secret:a/b", "secret:a b"})
	void badGrantsAreOneLineErrorsShowingTheLanguage(String text) {
		KernelException bad = assertThrows(KernelException.class, () -> Permission.parse(text));
		assertTrue(bad.getMessage().contains("is not a grant"), bad.getMessage());
		assertTrue(bad.getMessage().contains("net:HOST[:PORT]"), bad.getMessage());
		assertFalse(bad.getMessage().contains("\n"));
	}

	@Test
	void aServiceFilterIsKeptWhole() {
		Permission filter = Permission.parse("service:(&(objectClass=os2.kernel.api.Sandbox)(x=1)):get");
		assertEquals("(&(objectClass=os2.kernel.api.Sandbox)(x=1))", filter.target());
		assertEquals("get", filter.action());
	}
}
