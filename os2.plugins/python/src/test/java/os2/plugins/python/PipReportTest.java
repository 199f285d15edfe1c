package os2.plugins.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The resolved set read from pip's --report JSON (the shape pip 22.2 and later writes). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a FIFO opened would block
class PipReportTest {

	@Test
	void eachDistributionGivesNameVersionUrlAndSha256(@TempDir Path directory) throws Exception {
		String report = """
				{"version": "1", "pip_version": "23.0.1", "install": [
				  {"download_info": {"url": "http://127.0.0.1:9/simple/demo/demo-1.0-py3-none-any.whl",
				     "archive_info": {"hash": "sha256=aaa", "hashes": {"sha256": "aaa"}}},
				   "is_direct": false, "requested": true, "metadata": {"name": "demo", "version": "1.0"}},
				  {"download_info": {"url": "file:///w/helper-2.0-py3-none-any.whl", "archive_info": {"hash": "sha256=bbb"}},
				   "metadata": {"name": "helper", "version": "2.0"}},
				  {"download_info": {"url": "file:///w/src", "dir_info": {}}, "metadata": {"name": "local", "version": "0.1"}}
				], "environment": {"python_version": "3.11"}}
				""";

		assertEquals(List.of(
				Map.of("name", "demo", "version", "1.0", "url", "http://127.0.0.1:9/simple/demo/demo-1.0-py3-none-any.whl",
						"sha256", "aaa"),
				Map.of("name", "helper", "version", "2.0", "url", "file:///w/helper-2.0-py3-none-any.whl", "sha256", "bbb"),
				Map.of("name", "local", "version", "0.1", "url", "file:///w/src", "sha256", "")), PipReport.resolved(report));
	}

	@Test
	void noReportMeansNothingResolvedAndABrokenLinkedOrFifoReportIsNotReadOut(@TempDir Path directory) throws Exception {
		assertEquals(List.of(), PipReport.read(directory, "none.json"));
		Files.writeString(directory.resolve("broken.json"), "{\"install\": [");
		assertEquals(List.of(Map.of("unreadable-report", "not pip's JSON")), PipReport.read(directory, "broken.json"));

		Path secret = Files.writeString(directory.resolve("secret.json"), "{\"install\": [{\"metadata\": {\"name\": \"SECRET\"}}]}");
		Path run = Files.createDirectories(directory.resolve("run"));
		Files.createSymbolicLink(run.resolve("report.json"), secret);
		assertEquals(List.of(), PipReport.read(run, "report.json"), "a link was followed");
		Files.delete(run.resolve("report.json"));
		SafeFilesTest.mkfifo(run.resolve("report.json"));
		assertEquals(List.of(), PipReport.read(run, "report.json"));
	}
}
