package os2.plugins.git;

import java.io.IOException;

import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A repository of the workspace as JGit sees it: its configuration is always the file's minus
 * what {@link IgnoredConfig} ignores, and with symbolic links off ({@link NoSymlinks}), also
 * after JGit reloads it because the file changed. Every JGit command asks the repository for its
 * configuration, so this is the one place that must hold.
 */
final class WorkspaceRepository extends FileRepository {

	private WorkspaceRepository(FileRepositoryBuilder options) throws IOException {
		super(options);
	}

	/** Opens the repository the builder names (its git directory checked by {@link GitDirs} before). */
	static WorkspaceRepository open(FileRepositoryBuilder builder) throws IOException {
		WorkspaceRepository repository = new WorkspaceRepository(builder.setup());
		if (!repository.getObjectDatabase().exists()) {
			repository.close();
			throw new RepositoryNotFoundException(builder.getGitDir());
		}
		return repository;
	}

	@Override
	public FileBasedConfig getConfig() {
		FileBasedConfig config = super.getConfig();
		IgnoredConfig.strip(config);
		NoSymlinks.apply(config);
		return config;
	}

	/**
	 * Never: JGit's automatic collection after a fetch, merge or rebase runs in a thread of the
	 * host's JVM that outlives the run, writing to the workspace off its record and budget (and a
	 * repository's own configuration would decide when).
	 */
	@Override
	public void autoGC(ProgressMonitor monitor) {
		// nothing: see above
	}
}
