package os2.plugins.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolved set read from pip's --report JSON (the shape pip 22.2 and later writes). */
class PipReportTest {

	@Test
	void eachDistributionGivesNameVersionUrlAndSha256(@TempDir Path directory) throws Exception {
		Path report = directory.resolve("report.json");
		Files.writeString(report, """
				{"version": "1", "pip_version": "23.0.1", "install": [
				  {"download_info": {"url": "http://127.0.0.1:9/simple/demo/demo-1.0-py3-none-any.whl",
				     "archive_info": {"hash": "sha256=aaa", "hashes": {"sha256": "aaa"}}},
				   "is_direct": false, "requested": true, "metadata": {"name": "demo", "version": "1.0"}},
				  {"download_info": {"url": "file:///w/helper-2.0-py3-none-any.whl", "archive_info": {"hash": "sha256=bbb"}},
				   "metadata": {"name": "helper", "version": "2.0"}},
				  {"download_info": {"url": "file:///w/src", "dir_info": {}}, "metadata": {"name": "local", "version": "0.1"}}
				], "environment": {"python_version": "3.11"}}
				""");

		assertEquals(List.of(
				Map.of("name", "demo", "version", "1.0", "url", "http://127.0.0.1:9/simple/demo/demo-1.0-py3-none-any.whl",
						"sha256", "aaa"),
				Map.of("name", "helper", "version", "2.0", "url", "file:///w/helper-2.0-py3-none-any.whl", "sha256", "bbb"),
				Map.of("name", "local", "version", "0.1", "url", "file:///w/src", "sha256", "")), PipReport.resolved(report));
	}

	@Test
	void noReportMeansNothingResolvedAndABrokenOneSaysSo(@TempDir Path directory) throws Exception {
		assertEquals(List.of(), PipReport.resolved(directory.resolve("none.json")));
		Path broken = directory.resolve("broken.json");
		Files.writeString(broken, "{\"install\": [");
		assertEquals(1, PipReport.resolved(broken).size());
		assertEquals(true, PipReport.resolved(broken).getFirst().containsKey("unreadable-report"));
	}
}
