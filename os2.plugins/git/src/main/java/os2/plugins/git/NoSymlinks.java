package os2.plugins.git;

import java.io.IOException;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;

/**
 * Symbolic links in a repository are checked out as plain files holding the link's target
 * ({@code core.symlinks=false}, as git does on file systems without links): a link in someone's
 * repository pointing out of the workspace can then never carry a later write out of it.
 */
final class NoSymlinks {

	private NoSymlinks() {
	}

	/** For this configuration object; not written to its file. Changes it only when links are on. */
	static void apply(Config config) {
		if (config.getBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_SYMLINKS, true)) {
			config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_SYMLINKS, false);
		}
	}

	/** Written to the repository's configuration too, so command-line git run on it later behaves the same. */
	static void applyAndSave(Repository repository) throws IOException {
		repository.getConfig().setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_SYMLINKS,
				false);
		repository.getConfig().save();
	}
}
