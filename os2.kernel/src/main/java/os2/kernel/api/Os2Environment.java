package os2.kernel.api;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where this OS2 instance keeps its state. Everything OS2 writes lives under {@link #home()}, so two
 * instances with different homes never interfere.
 */
@ProviderType
public interface Os2Environment {

	/** The state directory ({@code OS2_HOME}, default {@code ~/.os2}); it exists. */
	Path home();

	/** The default session workspace ({@code $OS2_HOME/workspace} unless overridden); it exists. */
	Path workspace();

	/** The drop-in directory watched for bundles ({@code $OS2_HOME/deploy}); it exists. */
	Path deployDirectory();

	/**
	 * A tool bundle's own directory, {@code $OS2_HOME/tools/<symbolic name>} (not created here): its
	 * sandboxed processes may write there without an {@code fs} grant (a venv, a cache), and
	 * nowhere else outside the workspace.
	 */
	default Path toolData(String bundleSymbolicName) {
		return home().resolve("tools").resolve(bundleSymbolicName);
	}

	/** The OS2 release, e.g. {@code 0.1.0}. */
	String version();
}
