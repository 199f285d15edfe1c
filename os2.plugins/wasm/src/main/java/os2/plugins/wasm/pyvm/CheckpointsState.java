package os2.plugins.wasm.pyvm;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Os2Environment;
import os2.kernel.api.ToolState;

/**
 * pyvm's checkpoints, for the snapshots of a workspace: their names, sizes and when each was
 * saved. Checkpoints belong to the home, not to one workspace (any session may resume one), so
 * every snapshot names the same set as it stands then. The files are OS2's own, sealed: listed,
 * not read.
 */
@Component(property = ToolState.NAME_PROPERTY + "=pyvm")
public final class CheckpointsState implements ToolState {

	private final Checkpoints checkpoints;

	@Activate
	public CheckpointsState(@Reference Os2Environment environment) {
		// listing needs no seal key: none is made here
		this.checkpoints = new Checkpoints(environment.toolData(PyvmTool.BUNDLE).resolve("pyvm").resolve("checkpoints"), new byte[0]);
	}

	@Override
	public Map<String, Object> describe(Path workspace) {
		Map<String, Object> listed = new LinkedHashMap<>();
		for (Checkpoints.Listed checkpoint : checkpoints.list()) {
			listed.put(checkpoint.name(), Map.of("bytes", checkpoint.bytes(), "saved", checkpoint.saved().toMillis()));
		}
		return listed.isEmpty() ? Map.of() : Map.of("checkpoints", listed);
	}
}
