package os2.shell.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentLineTest {

	/** The words of the single command of {@code line}, with {@code variables}. */
	private static List<String> words(String line, Map<String, String> variables) {
		List<AgentLine.Statement> statements = AgentLine.parse(line);
		assertEquals(1, statements.size(), line);
		AgentLine.Pipeline pipeline = (AgentLine.Pipeline) statements.getFirst();
		assertEquals(1, pipeline.calls().size(), line);
		AgentLine.Call call = pipeline.calls().getFirst();
		List<String> all = new java.util.ArrayList<>();
		all.add(call.command());
		all.addAll(call.words(variables));
		return all;
	}

	@Test
	void wordsAndQuotesAreText() {
		assertEquals(List.of("python", "-c", "print('a b')", "x y", "$HOME", "a\"b"),
				words("python -c \"print('a b')\" 'x y' '$HOME' a\\\"b", Map.of()));
		assertEquals(List.of("git", "log", "--format=%H", "HEAD~1", "a*b", "~x"),
				words("git log --format=%H HEAD~1 'a*b' \"~x\"", Map.of()));
	}

	/** What MCP's calls rely on: the line made of a command's words parses back to exactly those words. */
	@Test
	void theLineOfACommandsWordsGivesExactlyThoseWordsBack() {
		List<String> hard = List.of("", "a b", "it's", "'", "''", "$HOME", "${x}", "$(id)", "`id`", "a;b", "a|b", "(bundle 0)",
				"{x}", "*", "~", "#c", "x=1", "=x", "%(1+1)", "\\", "\"", "line\nnext", "tab\there", "ünïcode", "-c",
				"--token-budget", "a'b'c", "\\'");
		assertEquals(prepend("python", hard), words(AgentLine.line("python", hard), Map.of()));
		String alphabet = "ab '\"\\$;|&<>()[]{}*?~#=%`\n\t-";
		java.util.Random random = new java.util.Random(20261207);
		for (int i = 0; i < 2000; i++) {
			List<String> some = new java.util.ArrayList<>();
			for (int w = random.nextInt(4); w >= 0; w--) {
				StringBuilder word = new StringBuilder();
				for (int c = random.nextInt(8); c > 0; c--) {
					word.append(alphabet.charAt(random.nextInt(alphabet.length())));
				}
				some.add(word.toString());
			}
			String line = AgentLine.line("git", some);
			assertEquals(prepend("git", some), words(line, Map.of()), line);
		}
	}

	@Test
	void aCommandNameThatIsNoNameIsRefused() {
		assertThrows(UsageException.class, () -> AgentLine.line("gogo:lb", List.of()));
		assertThrows(UsageException.class, () -> AgentLine.line("a b", List.of()));
	}

	private static List<String> prepend(String command, List<String> words) {
		List<String> all = new java.util.ArrayList<>(List.of(command));
		all.addAll(words);
		return all;
	}

	@Test
	void variablesAreTheAgentsOwnReplacedUnquotedAndInDoubleQuotes() {
		List<AgentLine.Statement> statements = AgentLine.parse("N=3; python app.py $N \"n=$N\" '$N'");
		assertEquals(new AgentLine.Assignment("N", new AgentLine.Word(List.of(new AgentLine.Literal("3", false)))),
				statements.get(0));
		AgentLine.Call call = ((AgentLine.Pipeline) statements.get(1)).calls().getFirst();
		assertEquals(List.of("app.py", "3", "n=3", "$N"), call.words(Map.of("N", "3")));
		assertTrue(AgentLine.usesVariables(statements));
	}

	@Test
	void aVariableNotSetIsOneLineSayingHowToSetIt() {
		UsageException unset = assertThrows(UsageException.class, () -> words("python $MISSING", Map.of()));
		assertEquals("$MISSING is not set; set it first with MISSING=VALUE;", unset.getMessage());
	}

	@Test
	void statementsAndPipelines() {
		List<AgentLine.Statement> statements = AgentLine.parse("ledger show | python count.py; version\nhelp;");
		assertEquals(3, statements.size());
		AgentLine.Pipeline first = (AgentLine.Pipeline) statements.getFirst();
		assertEquals(List.of("ledger", "python"), first.calls().stream().map(AgentLine.Call::command).toList());
		assertFalse(AgentLine.usesVariables(statements));
		assertEquals(List.of(), AgentLine.parse("  ;  ; "));
	}

	@Test
	void aPipelineHasAtMostSixteenCommands() {
		String sixteen = String.join(" | ", java.util.Collections.nCopies(AgentLine.MAX_PIPELINE, "version"));
		assertEquals(16, ((AgentLine.Pipeline) AgentLine.parse(sixteen).getFirst()).calls().size());
		UsageException refused = assertThrows(UsageException.class, () -> AgentLine.parse(sixteen + " | version"));
		assertTrue(refused.getMessage().startsWith("refused: a pipeline of 17 commands (at most 16)"), refused.getMessage());
	}

	/** Every escape from the agent language, each refused in one line before anything runs. */
	@ParameterizedTest
	@ValueSource(strings = {
			// Java through Gogo: closures, method calls, framework objects
			"(((\"\" getClass) forName java.lang.Runtime) getMethod getRuntime) invoke null",
			"$.context getBundles", "help $.context", "help \"$.context\"", "$x getClass", "help ${x}", "help ${x:-y}",
			"help \"${HOME}\"", "{ version }", "help { version }", "version; (version)",
			// scopes
			"felix:lb", "gogo:cat /etc/passwd", "osgi:lb", "*:lb", "os2:version",
			// redirections
			"felix:lb > /tmp/x", "help > /tmp/x", "help >> /tmp/x", "help < /etc/passwd", "help <> /tmp/x", "help &> /tmp/x",
			"help 2> /tmp/x", "help 2>&1", "help >/tmp/x", "help>/tmp/x", "help | ledger head > /tmp/x",
			// substitutions
			"help $(version)", "help \"$(version)\"", "help x$(version)", "help %(1+2)", "help \"%(1+2)\"", "help `version`",
			"$(version)", "help $$", "help $1", "help $",
			// globs, home, brackets
			"help /some/dir/*", "help *", "help ../*", "help ?", "help [ab]", "help ~", "help ~/x", "help ~root", "X=~; help",
			// quoted or variable command names
			"'version'", "\"version\"", "$cmd", "ver\\sion", "./version", "/bin/sh",
			// background, comments, empty pipe sides, control characters
			"version &", "version && help", "version || help", "| version", "version |", "version | | help",
			"version # comment", "help \u0000", "help \u001b[2J",
			// assignments that are not statements of their own
			"X=1 python app.py", "X=1 | help",
			// unterminated quotes and escapes
			"help 'open", "help \"open", "help \\"})
	void isRefused(String line) {
		UsageException refused = assertThrows(UsageException.class, () -> AgentLine.parse(line), line);
		assertTrue(refused.getMessage().startsWith("refused: "), refused.getMessage());
		assertTrue(refused.getMessage().endsWith(AgentLine.LANGUAGE), refused.getMessage());
		assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
	}
}
