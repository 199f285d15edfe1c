package os2.kernel.internal.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.KernelException;
import os2.kernel.internal.secrets.LockedFile;

/** The policy's layers, its errors, and the user's file that grant and revoke write. */
class PolicyTest {

	private static final String BASE = """
			{"sandbox": "bubblewrap", "budgets": {"tokens": 2000, "wall-time": 600},
			 "guarded": ["os2.kernel.api.Sandbox"],
			 "bundles": {"a": {"grants": ["proc:python3", "net:pypi.org"]}, "b": {"grants": ["proc:git"]}}}
			""";

	@Test
	void aLaterLayerReplacesWhatItNamesAndKeepsTheRest() {
		Policy policy = Policy.EMPTY.with(BASE, "base")
				.with("{\"budgets\": {\"tokens\": 800}, \"bundles\": {\"a\": {\"grants\": [\"proc:python3\"]}}}", "user");
		assertEquals(800, policy.budget().tokens());
		assertEquals(Duration.ofSeconds(600), policy.budget().wallTime(), "a budget kind not named stays");
		assertEquals(List.of(Permission.parse("proc:python3")), policy.bundles().get("a").grants(),
				"a bundle's entry is replaced whole: net:pypi.org is gone");
		assertEquals(List.of(Permission.parse("proc:git")), policy.bundles().get("b").grants());
		assertEquals(List.of("os2.kernel.api.Sandbox"), policy.guarded());
	}

	@Test
	void mistakesAreOneLineErrorsSayingWhereAndWhat() {
		assertTrue(message("{\"sandbox\": }", "user.json").startsWith("user.json: not valid JSON at line 1, column 13: "),
				"points at the '}' where a value should be");
		assertTrue(message("{\"sandbox\": \"docker\"}", "p").contains("\"bubblewrap\" or \"none\", not \"docker\""));
		assertTrue(message("{\"bundles\": {\"a\": {\"grants\": [\"proc\"]}}}", "p").startsWith("p: bundles.a: 'proc' is not a grant"));
		assertTrue(message("{\"budgets\": {\"tokens\": \"many\"}}", "p").contains("budgets.tokens must be a whole number"));
		assertTrue(message("{\"budgets\": {\"tokens\": 0}}", "p").contains("budgets: a budget's limits are all positive"));
		assertTrue(message("{\"grnats\": []}", "p").contains("unknown key \"grnats\""));
	}

	@Test
	void grantAndRevokeWriteTheUsersLayerWhichTheNextLoadReads(@TempDir Path home) throws IOException {
		Path user = home.resolve("etc").resolve("policy.json");
		PolicyFiles files = new PolicyFiles(BASE, null, user);
		try (LockedFile.Change locked = files.lock()) {
			files.saveBundle(locked, files.userLayer(locked), "a", new Policy.BundleEntry(List.of(Permission.parse("net:pypi.org")), ""));
		}

		assertTrue(Files.readString(user).contains("\t\"bundles\": {"), "written for a person to read");
		assertEquals(List.of(Permission.parse("net:pypi.org")), files.load(null).policy().bundles().get("a").grants());
		assertEquals(List.of(Permission.parse("proc:git")), files.load(null).policy().bundles().get("b").grants());
		try (var leftovers = Files.list(user.getParent())) {
			assertEquals(List.of(user, user.resolveSibling("policy.lock")), leftovers.sorted().toList(),
					"no temporary file is left behind");
		}
	}

	@Test
	void configAdminsLayerComesLast(@TempDir Path home) throws IOException {
		Path user = home.resolve("policy.json");
		Files.writeString(user, "{\"budgets\": {\"tokens\": 900}}");
		Policy policy = new PolicyFiles(BASE, null, user).load("{\"budgets\": {\"tokens\": 100}}").policy();
		assertEquals(100, policy.budget().tokens());
	}

	@Test
	void aBrokenLayerIsLeftOutAndSaidSoTheGrantsFailClosed(@TempDir Path home) throws IOException {
		Path user = home.resolve("policy.json");
		Files.writeString(user, "{\"bundles\": {\"evil\": {\"grants\": [\"service:*:get\"]}}, oops");
		PolicyFiles.Loaded loaded = new PolicyFiles(BASE, null, user).load("{\"budgets\": {\"tokens\": 100}}");
		assertEquals(1, loaded.problems().size(), loaded.problems().toString());
		assertTrue(loaded.problems().getFirst().startsWith(user + ": not valid JSON at line 1"), loaded.problems().toString());
		assertEquals(null, loaded.policy().bundles().get("evil"), "nothing of the broken layer is in force");
		assertEquals(List.of(Permission.parse("proc:git")), loaded.policy().bundles().get("b").grants());
		assertEquals(100, loaded.policy().budget().tokens(), "the layers after it still apply");
	}

	private static String message(String layer, String source) {
		return assertThrows(KernelException.class, () -> Policy.EMPTY.with(layer, source)).getMessage();
	}
}
