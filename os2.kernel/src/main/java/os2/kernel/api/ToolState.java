package os2.kernel.api;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a tool keeps for a workspace outside it (the python tools' venv, pyvm's checkpoints),
 * described for the snapshots of that workspace: registered as a service by a tool bundle, asked
 * by the kernel at each snapshot, and put in the snapshot's manifest under {@code tools.NAME}.
 * A description, not a copy: restoring a snapshot restores the workspace, and {@code snapshot show}
 * says what the tools had then.
 */
@ConsumerType
public interface ToolState {

	/** The service property naming the state ({@code python}, {@code pyvm}): the key in the manifest. */
	String NAME_PROPERTY = "os2.tool-state.name";

	/**
	 * The state the tool keeps for {@code workspace} now, as JSON values (strings, numbers,
	 * booleans, lists and maps of them), small; empty when it keeps none. Called in the workspace's
	 * turn. Whatever a sandbox could write is only listed, never followed or run.
	 */
	Map<String, Object> describe(Path workspace);
}
