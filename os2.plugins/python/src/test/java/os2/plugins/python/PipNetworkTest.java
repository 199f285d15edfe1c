package os2.plugins.python;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which pip commands get the network: only those that look packages up somewhere remote. */
class PipNetworkTest {

	@Test
	void anInstallFromPipsDefaultIndexNeedsTheNetwork() {
		assertTrue(PipNetwork.needed(List.of("install", "requests"), Map.of()));
		assertTrue(PipNetwork.needed(List.of("-v", "download", "requests"), Map.of()));
	}

	@Test
	void localIndexesAndLinksNeedNone() {
		assertFalse(PipNetwork.needed(List.of("install", "--no-index", "--find-links", "wheels", "demo"), Map.of()));
		assertFalse(PipNetwork.needed(List.of("install", "--index-url=file:///srv/simple", "demo"), Map.of()));
		assertFalse(PipNetwork.needed(List.of("install", "-i", "/srv/simple", "demo"), Map.of()));
		assertFalse(PipNetwork.needed(List.of("install", "demo"), Map.of("PIP_INDEX_URL", "file:///srv/simple")));
		assertFalse(PipNetwork.needed(List.of("install", "demo"), Map.of("PIP_NO_INDEX", "1", "PIP_FIND_LINKS", "/w")));
	}

	@Test
	void anyRemoteLocationNeedsIt() {
		assertTrue(PipNetwork.needed(List.of("install", "-i", "http://127.0.0.1:8080/simple", "demo"), Map.of()));
		assertTrue(PipNetwork.needed(List.of("install", "--no-index", "-f", "HTTPS://example.org/wheels", "demo"), Map.of()));
		assertTrue(PipNetwork.needed(List.of("install", "-i", "/srv/simple", "--extra-index-url", "https://x.org/simple", "d"),
				Map.of()));
		assertTrue(PipNetwork.needed(List.of("install", "demo"), Map.of("PIP_INDEX_URL", "/a https://b.org/simple")));
	}

	@Test
	void noIndexIgnoresIndexesButNotRemoteLinks() {
		assertFalse(PipNetwork.needed(List.of("install", "--no-index", "-i", "https://x.org/simple", "-f", "w", "d"), Map.of()));
	}

	@Test
	void commandsThatLookNothingUpNeedNone() {
		for (String subcommand : List.of("list", "freeze", "show", "uninstall", "check", "--version")) {
			assertFalse(PipNetwork.needed(List.of(subcommand), Map.of()), subcommand);
		}
		assertTrue(PipNetwork.needed(List.of("list", "--outdated"), Map.of()));
	}
}
