package os2.shell.internal.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Option;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;
import os2.kernel.api.ToolDescription;
import os2.shell.internal.session.CommandCatalog.AgentCommand;
import os2.shell.internal.session.CommandDescription;
import os2.shell.internal.session.UsageException;

/** MCP tools derived from command declarations: which tools, what their schemas say, which words a call makes. */
class ToolDeclarationsTest {

	private static final CommandSpec GIT = ToolDescription.of("git", "a safe git", List.of(),
			Form.sub("clone", Parameter.one("URL", Type.TEXT, "the repository"), Parameter.optional("DIR", Type.TEXT, "where"))
					.with(Option.value("--depth", "N", Type.WHOLE_NUMBER, "only the last N commits")),
			Form.sub("status").as(CommandClass.READ_ONLY),
			Form.sub("log").with(Option.value("-n", "N", Type.WHOLE_NUMBER, "at most N commits"),
					Option.flag("--oneline", "one line per commit")).as(CommandClass.READ_ONLY))
			.leadingWith(Option.value("-C", "DIR", Type.TEXT, "run in DIR")).command();

	private static final CommandSpec PYTHON = ToolDescription.of("python", "run CPython", List.of(),
			Form.of(Parameter.rest("ARGS", "a script and its arguments"))).readingInput().command();

	private static final CommandSpec SECRET = CommandSpec.of("secret", "tokens for tools",
			Form.sub("list"), Form.sub("set", Parameter.one("NAME", Type.TEXT, "its name")).as(CommandClass.ADMINISTRATOR))
			.as(CommandClass.EFFECTFUL);

	private static final CommandSpec PROOF = CommandSpec.of("proof", "a proof",
			Form.of(Parameter.one("N", Type.WHOLE_NUMBER, "an index")).with(Option.value("-n", "M", Type.WHOLE_NUMBER, "a size")));

	private static AgentCommand command(CommandSpec spec, boolean tool) {
		return new AgentCommand(spec.name(), Optional.of(spec), tool,
				new CommandDescription(spec.name(), spec.summary(), spec.usages(), List.of()));
	}

	private static Map<String, McpTool> tools(AgentCommand... commands) {
		return ToolDeclarations.of(List.of(commands));
	}

	@Test
	void aSubcommandIsAToolOfItsOwnAndAnAdministratorsIsNotOffered() {
		Map<String, McpTool> tools = tools(command(GIT, true), command(SECRET, false));
		assertEquals(List.of("git_clone", "git_status", "git_log", "secret_list"), List.copyOf(tools.keySet()));
		assertTrue(tools.get("git_status").readOnly());
		assertFalse(tools.get("git_clone").readOnly());
	}

	@Test
	void exitAndSessionAreNotTools() {
		CommandSpec exit = CommandSpec.of("exit", "end the shell", Form.of()).as(CommandClass.EFFECTFUL);
		CommandSpec session = CommandSpec.of("session", "sessions", Form.sub("new")).as(CommandClass.EFFECTFUL);
		assertEquals(List.of("python"), List.copyOf(tools(command(exit, false), command(session, false), command(PYTHON, true)).keySet()));
	}

	@Test
	@SuppressWarnings("unchecked")
	void theInputSchemaHasTheFormsParametersAndOptionsTypedAndTheRequiredOnes() {
		Map<String, Object> schema = tools(command(GIT, true)).get("git_clone").describe().inputSchema();
		Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
		assertEquals(List.of("token_budget", "timeout", "deterministic", "env", "C", "depth", "url", "dir"),
				List.copyOf(properties.keySet()));
		assertEquals("integer", properties.get("depth").get("type"));
		assertEquals("boolean", properties.get("deterministic").get("type"));
		assertEquals("string", properties.get("url").get("type"));
		assertEquals(List.of("url"), schema.get("required"));
		assertEquals(false, schema.get("additionalProperties"));
		assertFalse(properties.containsKey("stdin"), "git does not read its input");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aCommandThatReadsItsInputTakesStdinAndTheRestIsAList() {
		Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) tools(command(PYTHON, true)).get("python")
				.describe().inputSchema().get("properties");
		assertEquals("array", properties.get("args").get("type"));
		assertEquals("string", properties.get("stdin").get("type"));
	}

	@Test
	void aCallsArgumentsBecomeTheWordsInTheirPlaces() {
		McpTool clone = tools(command(GIT, true)).get("git_clone");
		assertEquals(List.of("--token-budget", "800", "-C", "sub", "clone", "--depth", "1", "http://h/r.git", "r"),
				clone.words(Map.of("url", "http://h/r.git", "dir", "r", "depth", 1, "C", "sub", "token_budget", 800)));
		McpTool log = tools(command(GIT, true)).get("git_log");
		assertEquals(List.of("log", "--oneline"), log.words(Map.of("oneline", true)));
		assertEquals(List.of("log"), log.words(Map.of("oneline", false)));
		McpTool python = tools(command(PYTHON, true)).get("python");
		assertEquals(List.of("-c", "print(1)"), python.words(Map.of("args", List.of("-c", "print(1)"), "stdin", "data")));
		assertEquals("data", new String(python.input(Map.of("stdin", "data")).orElseThrow()));
	}

	@Test
	void anOptionsShortNameKeepsItAndAParameterOfTheSameNameIsItsDeclaredName() {
		McpTool proof = tools(command(PROOF, false)).get("proof");
		assertEquals(List.of("n", "N"), proof.properties().stream().map(McpTool.Argument::property).toList());
		assertEquals(List.of("-n", "5", "3"), proof.words(Map.of("N", 3, "n", 5)));
	}

	@Test
	void wrongInputIsAOneLineUsageError() {
		McpTool clone = tools(command(GIT, true)).get("git_clone");
		assertEquals("git_clone needs 'url' (the repository)",
				assertThrows(UsageException.class, () -> clone.words(Map.of())).getMessage());
		assertTrue(assertThrows(UsageException.class, () -> clone.words(Map.of("url", "u", "bogus", 1))).getMessage()
				.startsWith("git_clone takes no 'bogus'; it takes token_budget, timeout"));
		assertEquals("git_clone's 'depth' must be a whole number",
				assertThrows(UsageException.class, () -> clone.words(Map.of("url", "u", "depth", -1))).getMessage());
		assertEquals("git_clone's 'depth' must be a whole number",
				assertThrows(UsageException.class, () -> clone.words(Map.of("url", "u", "depth", 1.5))).getMessage());
		assertEquals("git_clone's 'url' must be a string",
				assertThrows(UsageException.class, () -> clone.words(Map.of("url", List.of("u")))).getMessage());
		McpTool python = tools(command(PYTHON, true)).get("python");
		assertThrows(UsageException.class, () -> python.input(Map.of("stdin", "x".repeat(McpTool.MAX_INPUT_BYTES + 1))));
	}

	@Test
	void aCommandWithoutADeclarationTakesItsWordsAsAList() {
		AgentCommand plain = new AgentCommand("hello", Optional.empty(), false,
				new CommandDescription("hello", "say hello", List.of("hello [NAME]"), List.of()));
		McpTool hello = tools(plain).get("hello");
		assertEquals(List.of("a b", "c"), hello.words(Map.of("args", List.of("a b", "c"))));
		assertTrue(hello.describe().description().contains("hello [NAME]"));
	}
}
