package os2.plugins.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A workspace's state for a run's record: its hash moves with any change, and the changes are named. */
class WorkspaceStateTest {

	@Test
	void theSameFilesGiveTheSameHashAndEveryKindOfChangeIsNamed(@TempDir Path workspace) throws Exception {
		Files.writeString(workspace.resolve("kept.txt"), "same");
		Files.writeString(workspace.resolve("edited.txt"), "before");
		Files.writeString(workspace.resolve("removed.txt"), "gone soon");
		Files.setLastModifiedTime(workspace.resolve("edited.txt"), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
		WorkspaceState before = WorkspaceState.of(workspace);
		assertEquals(before.hash(), WorkspaceState.of(workspace).hash());

		Files.writeString(workspace.resolve("edited.txt"), "after!");
		Files.delete(workspace.resolve("removed.txt"));
		Files.createDirectories(workspace.resolve("sub"));
		Files.writeString(workspace.resolve("sub/added.txt"), "new");
		Files.createSymbolicLink(workspace.resolve("link"), Path.of("kept.txt"));
		WorkspaceState after = WorkspaceState.of(workspace);

		assertNotEquals(before.hash(), after.hash());
		assertEquals(List.of("~edited.txt", "+link", "-removed.txt", "+sub/added.txt"), after.changesSince(before));
		assertTrue(after.files().get("link").startsWith("link 8 "), after.files().toString());
		assertTrue(after.complete());
	}

	@Test
	@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a FIFO opened would block
	void aFifoIsListedNotOpenedAndALinkOutIsNotFollowed(@TempDir Path temporary) throws Exception {
		Path workspace = Files.createDirectories(temporary.resolve("workspace"));
		Files.writeString(temporary.resolve("outside.txt"), "not the workspace's");
		SafeFilesTest.mkfifo(workspace.resolve("fifo"));
		Files.createSymbolicLink(workspace.resolve("out"), temporary);
		WorkspaceState state = WorkspaceState.of(workspace);
		assertEquals(List.of("fifo", "out"), List.copyOf(state.files().keySet()));
		assertTrue(state.files().get("fifo").startsWith("other "), state.files().toString());
	}
}
