package os2.kernel.internal;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Decides where OS2's state directories are, from the launch properties. A pure function of its
 * inputs so the rules can be tested without a framework.
 */
record StateLayout(Path home, Path workspace, Path deploy) {

	static final String HOME_PROPERTY = "os2.home";
	static final String WORKSPACE_PROPERTY = "os2.workspace";

	/**
	 * @param property looks up a launch property (framework property, then system property)
	 * @param userHome the user's home directory, for the {@code ~/.os2} default
	 */
	static StateLayout resolve(UnaryOperator<String> property, Path userHome) {
		Path home = pathOr(property.apply(HOME_PROPERTY), userHome.resolve(".os2"));
		Path workspace = pathOr(property.apply(WORKSPACE_PROPERTY), home.resolve("workspace"));
		return new StateLayout(home, workspace, home.resolve("deploy"));
	}

	private static Path pathOr(String value, Path fallback) {
		if (value == null || value.isBlank()) {
			return fallback.toAbsolutePath().normalize();
		}
		return Path.of(value).toAbsolutePath().normalize();
	}
}
