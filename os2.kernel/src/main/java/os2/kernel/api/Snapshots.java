package os2.kernel.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The snapshots the kernel keeps of workspaces (docs/snapshots.md): which a workspace has, and
 * where the ledger recorded each, for what explains a run ({@code why RUN} names the snapshots
 * before and after it).
 */
@ProviderType
public interface Snapshots {

	/** One snapshot: its id, and the index of the {@code snapshot} entry that recorded it. */
	record Recorded(String id, long entry) {
	}

	/** The workspace's snapshots, in the order they were taken (their entries' order); none for a workspace never snapshotted. */
	List<Recorded> of(Path workspace);

	/** The content root of a snapshot (the hash of its tree; docs/snapshots.md); empty for an id the store does not have. */
	Optional<String> root(String id);

	/**
	 * Makes {@code directory}, which must be an empty directory, the snapshot's tree: a scratch
	 * workspace that {@code replay --verify} runs a session again in.
	 *
	 * @throws KernelException for an unknown id, or a directory that is not empty
	 */
	void restoreInto(String id, Path directory);

	/** The content root the tree at {@code directory} has now, as a snapshot of it would store it (and its contents stored). */
	String contentRoot(Path directory);
}
