package os2.plugins.git;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * What JGit may learn from the host: no user, system or XDG configuration (so no credentials,
 * {@code url.insteadOf} rewrites, hook paths or proxies from {@code ~/.gitconfig} or
 * {@code /etc/gitconfig}), and no environment variables (no {@code GIT_DIR}, {@code GIT_SSH},
 * {@code HOME}). Only a repository's own {@code .git/config} counts. JGit is embedded privately,
 * so installing this affects this bundle's JGit alone.
 */
final class IsolatedSystemReader extends SystemReader.Delegate {

	private IsolatedSystemReader(SystemReader host) {
		super(host);
	}

	/** Installs it, once; later calls find it installed. */
	static synchronized void install() {
		if (!(SystemReader.getInstance() instanceof IsolatedSystemReader)) {
			SystemReader.setInstance(new IsolatedSystemReader(SystemReader.getInstance()));
		}
	}

	@Override
	public String getenv(String variable) {
		return null;
	}

	@Override
	public FileBasedConfig openUserConfig(Config parent, FS fs) {
		return new EmptyConfig(parent, fs);
	}

	@Override
	public FileBasedConfig openSystemConfig(Config parent, FS fs) {
		return new EmptyConfig(parent, fs);
	}

	/**
	 * Empty but for one default: no automatic collection after a fetch. A clone's repository is
	 * JGit's own, not a {@link WorkspaceRepository}, and JGit would otherwise lock its {@code gc.log}
	 * from a thread that outlives the run.
	 */
	@Override
	public FileBasedConfig openJGitConfig(Config parent, FS fs) {
		FileBasedConfig config = new EmptyConfig(parent, fs);
		config.setBoolean(ConfigConstants.CONFIG_FETCH_SECTION, null, ConfigConstants.CONFIG_KEY_AUTOGC, false);
		return config;
	}

	/** A configuration level that is always empty and never touches a file. */
	private static final class EmptyConfig extends FileBasedConfig {

		EmptyConfig(Config parent, FS fs) {
			super(parent, null, fs);
		}

		@Override
		public void load() {
			// nothing to read: the host's configuration is not OS2's
		}

		@Override
		public void save() {
			// nothing is written outside the workspace
		}

		@Override
		public boolean isOutdated() {
			return false;
		}
	}
}
