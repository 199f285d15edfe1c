package os2.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StateLayoutTest {

	private static final Path USER_HOME = Path.of("/home/ada");

	@Test
	void defaultsToDotOs2InTheUsersHome() {
		StateLayout layout = StateLayout.resolve(Map.<String, String>of()::get, USER_HOME);

		assertEquals(Path.of("/home/ada/.os2"), layout.home());
		assertEquals(Path.of("/home/ada/.os2/workspace"), layout.workspace());
		assertEquals(Path.of("/home/ada/.os2/deploy"), layout.deploy());
	}

	@Test
	void homePropertyMovesWorkspaceAndDeployWithIt() {
		StateLayout layout = StateLayout.resolve(Map.of("os2.home", "/srv/os2")::get, USER_HOME);

		assertEquals(Path.of("/srv/os2/workspace"), layout.workspace());
		assertEquals(Path.of("/srv/os2/deploy"), layout.deploy());
	}

	@Test
	void workspacePropertyOverridesOnlyTheWorkspace() {
		StateLayout layout = StateLayout.resolve(
				Map.of("os2.home", "/srv/os2", "os2.workspace", "/data/project")::get, USER_HOME);

		assertEquals(Path.of("/srv/os2"), layout.home());
		assertEquals(Path.of("/data/project"), layout.workspace());
	}

	@Test
	void blankPropertiesCountAsUnset() {
		StateLayout layout = StateLayout.resolve(Map.of("os2.home", " ", "os2.workspace", "")::get, USER_HOME);

		assertEquals(Path.of("/home/ada/.os2"), layout.home());
		assertEquals(Path.of("/home/ada/.os2/workspace"), layout.workspace());
	}

	@Test
	void relativePathsAreMadeAbsoluteAndNormalized() {
		StateLayout layout = StateLayout.resolve(Map.of("os2.home", "state/../os2home")::get, USER_HOME);

		assertEquals(Path.of("os2home").toAbsolutePath(), layout.home());
	}
}
