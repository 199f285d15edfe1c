package os2.plugins.python;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Os2Environment;
import os2.kernel.api.ToolState;
import os2.kernel.api.WorkspaceEntry;
import os2.kernel.api.WorkspaceTree;

/**
 * The workspace's venv, for its snapshots: where it is and the packages in it
 * ({@code name==version}, from the names of its {@code *.dist-info} directories). The venv is
 * written by the programs run in it, so it is only listed, through the beneath-safe file API:
 * nothing in it is opened, followed or run.
 */
@Component(property = ToolState.NAME_PROPERTY + "=python")
public final class VenvState implements ToolState {

	private static final String SUFFIX = ".dist-info";

	private final Path venvs;

	@Activate
	public VenvState(@Reference Os2Environment environment) {
		this.venvs = environment.toolData(PythonRuns.BUNDLE).resolve("venvs").resolve("workspaces");
	}

	@Override
	public Map<String, Object> describe(Path workspace) {
		Path venv = venvs.resolve(VirtualEnvironments.shortHash(workspace.toAbsolutePath().normalize().toString()));
		Map<String, Object> state = new LinkedHashMap<>();
		try {
			WorkspaceTree tree = WorkspaceTree.open(venv);
			List<String> packages = new ArrayList<>();
			for (WorkspaceEntry lib : tree.list("lib")) {
				if (lib.kind() == WorkspaceEntry.Kind.DIRECTORY && lib.name().startsWith("python")
						&& tree.stat(lib.path() + "/site-packages").map(e -> e.kind() == WorkspaceEntry.Kind.DIRECTORY).orElse(false)) {
					for (WorkspaceEntry entry : tree.list(lib.path() + "/site-packages")) {
						String name = entry.name();
						int dash = name.indexOf('-');
						if (entry.kind() == WorkspaceEntry.Kind.DIRECTORY && name.endsWith(SUFFIX) && dash > 0) {
							packages.add(name.substring(0, dash) + "==" + name.substring(dash + 1, name.length() - SUFFIX.length()));
						}
					}
				}
			}
			state.put("venv", venv.toString());
			state.put("packages", packages.stream().sorted().toList());
		} catch (IOException | RuntimeException none) {
			return Map.of(); // no venv yet (or not one this can list): nothing kept outside the workspace
		}
		return state;
	}
}
