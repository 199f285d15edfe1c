package os2.shell.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The agent language: what an agent's line may hold, parsed by OS2 itself so that nothing of it
 * reaches Gogo, which is a Java REPL with a file system. A line is statements separated by
 * {@code ;} (or new lines); a statement is {@code NAME=value}, or OS2 commands joined by
 * {@code |}; a command is its name and words. A word is plain characters, {@code '…'} (taken as
 * it is), {@code "…"} (where {@code $NAME} is replaced), {@code \c} (the character c), and
 * {@code $NAME} — an agent variable, never a framework object. Everything else is refused with one
 * line before anything runs: redirections, substitutions, globs, {@code ~}, brackets, comments,
 * scopes, a quoted or {@code $} command name.
 */
final class AgentLine {

	/** What the agent language has, said after each refusal so the agent can fix its line. */
	static final String LANGUAGE = "an agent's line has OS2 commands and their words, quotes, ';', '|', NAME=value"
			+ " and $NAME; quote a character to pass it as text";

	/** Each stage of a pipeline is a thread of its own: a line may not ask for hundreds. */
	static final int MAX_PIPELINE = 16;

	/** What a word may be without quotes, wherever it stands: nothing of it means anything to the parser. */
	private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:@+,=-]+");

	private static final Pattern COMMAND_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
	private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	/** One statement of a line. */
	sealed interface Statement permits Assignment, Pipeline {
	}

	/** {@code NAME=value}: sets an agent variable. */
	record Assignment(String name, Word value) implements Statement {
	}

	/** OS2 commands joined by {@code |}, each reading what the one before it wrote. */
	record Pipeline(List<Call> calls) implements Statement {
	}

	/** One OS2 command and its words. */
	record Call(String command, List<Word> arguments) {

		/** The arguments as text, with the variables they name. */
		List<String> words(Map<String, String> variables) {
			return arguments.stream().map(word -> word.text(variables)).toList();
		}
	}

	/** A word: literal text and variables, joined. */
	record Word(List<Part> parts) {

		String text(Map<String, String> variables) {
			StringBuilder text = new StringBuilder();
			for (Part part : parts) {
				switch (part) {
					case Literal literal -> text.append(literal.text());
					case Variable variable -> {
						String value = variables.get(variable.name());
						if (value == null) {
							throw new UsageException("$" + variable.name() + " is not set; set it first with "
									+ variable.name() + "=VALUE;");
						}
						text.append(value);
					}
				}
			}
			return text.toString();
		}

		/** Whether this word is plain characters alone: what any shell takes as it is. */
		boolean plain() {
			return parts.size() == 1 && parts.getFirst() instanceof Literal literal && !literal.quoted();
		}

		boolean hasVariables() {
			return parts.stream().anyMatch(Variable.class::isInstance);
		}
	}

	sealed interface Part permits Literal, Variable {
	}

	/** Text, as typed or from quotes. */
	record Literal(String text, boolean quoted) implements Part {
	}

	/** {@code $NAME}. */
	record Variable(String name) implements Part {
	}

	private final String line;
	private int at;

	private AgentLine(String line) {
		this.line = line;
	}

	/**
	 * The statements of {@code line}, or a {@link UsageException} saying, in one line, what is not
	 * part of the agent language.
	 */
	static List<Statement> parse(String line) {
		return new AgentLine(line).statements();
	}

	/**
	 * The line that calls {@code command} with exactly {@code words}: each word as it is, quoted where
	 * it has to be, so nothing in it is a variable, a separator or anything else of the language.
	 */
	static String line(String command, List<String> words) {
		if (!COMMAND_NAME.matcher(command).matches()) {
			throw refused("'" + command + "' is not a command's name ('help' lists them)");
		}
		StringBuilder line = new StringBuilder(command);
		for (String word : words) {
			line.append(' ');
			if (PLAIN_WORD.matcher(word).matches() && word.indexOf('=') != 0) {
				line.append(word);
			} else {
				line.append('\'').append(word.replace("'", "'\\''")).append('\'');
			}
		}
		return line.toString();
	}

	/**
	 * A pipeline as run, its words quoted: {@code python -c 'print(1)' | git status}. A variable that
	 * is not set stands as its name.
	 */
	static String text(Pipeline pipeline, Map<String, String> variables) {
		List<String> stages = new ArrayList<>();
		for (Call call : pipeline.calls()) {
			List<String> words = new ArrayList<>();
			for (Word word : call.arguments()) {
				try {
					words.add(word.text(variables));
				} catch (UsageException notSet) {
					words.add("$" + word.parts().stream().filter(Variable.class::isInstance).map(part -> ((Variable) part).name())
							.findFirst().orElse(""));
				}
			}
			stages.add(line(call.command(), words));
		}
		return String.join(" | ", stages);
	}

	/** Whether any statement sets or reads a variable. */
	static boolean usesVariables(List<Statement> statements) {
		for (Statement statement : statements) {
			if (statement instanceof Assignment) {
				return true;
			}
			for (Call call : ((Pipeline) statement).calls()) {
				if (call.arguments().stream().anyMatch(Word::hasVariables)) {
					return true;
				}
			}
		}
		return false;
	}

	private List<Statement> statements() {
		List<Statement> statements = new ArrayList<>();
		List<List<Word>> stages = new ArrayList<>();
		List<Word> words = new ArrayList<>();
		while (true) {
			skipBlanks();
			char c = at < line.length() ? line.charAt(at) : ';';
			if (c == ';' || c == '\n') {
				at++;
				endStage(stages, words);
				if (!stages.isEmpty()) {
					statements.add(statement(stages));
				}
				stages = new ArrayList<>();
				words = new ArrayList<>();
				if (at > line.length()) {
					return statements;
				}
			} else if (c == '|') {
				at++;
				if (words.isEmpty() || (at < line.length() && line.charAt(at) == '|')) {
					throw refused("'|' joins two commands, as in 'ledger show | python count.py'; '||' and an empty"
							+ " side are not part of it");
				}
				endStage(stages, words);
				words = new ArrayList<>();
				skipBlanks();
				if (at >= line.length() || line.charAt(at) == ';' || line.charAt(at) == '\n' || line.charAt(at) == '|') {
					throw refused("'|' needs a command after it");
				}
			} else {
				words.add(word());
			}
		}
	}

	private static void endStage(List<List<Word>> stages, List<Word> words) {
		if (!words.isEmpty()) {
			stages.add(List.copyOf(words));
		}
	}

	private Statement statement(List<List<Word>> stages) {
		List<Word> first = stages.getFirst();
		if (first.getFirst().parts().getFirst() instanceof Literal literal && !literal.quoted()
				&& literal.text().contains("=") && VARIABLE_NAME.matcher(literal.text().substring(0,
						literal.text().indexOf('='))).matches()) {
			if (stages.size() > 1 || first.size() > 1) {
				throw refused("NAME=value is a statement of its own: set it, then use it ('N=3; python app.py $N')");
			}
			return assignment(literal.text(), first.getFirst());
		}
		if (stages.size() > MAX_PIPELINE) {
			throw refused("a pipeline of " + stages.size() + " commands (at most " + MAX_PIPELINE + ")");
		}
		List<Call> calls = new ArrayList<>();
		for (List<Word> stage : stages) {
			calls.add(new Call(commandName(stage.getFirst()), List.copyOf(stage.subList(1, stage.size()))));
		}
		return new Pipeline(List.copyOf(calls));
	}

	private static Assignment assignment(String firstText, Word word) {
		int equals = firstText.indexOf('=');
		if (firstText.startsWith("~", equals + 1)) {
			throw refused("'~' at the start of a value (a home directory) is not part of the agent language");
		}
		List<Part> value = new ArrayList<>();
		value.add(new Literal(firstText.substring(equals + 1), false));
		value.addAll(word.parts().subList(1, word.parts().size()));
		return new Assignment(firstText.substring(0, equals), new Word(List.copyOf(value)));
	}

	private String commandName(Word word) {
		if (!word.plain()) {
			throw refused("a command's name is a plain word, not quoted and not a variable");
		}
		String name = ((Literal) word.parts().getFirst()).text();
		if (name.contains(":")) {
			throw refused("'" + name + "' names a scope; agents run OS2 commands by their plain names ('help' lists them)");
		}
		if (!COMMAND_NAME.matcher(name).matches()) {
			throw refused("'" + name + "' is not a command's name ('help' lists them)");
		}
		return name;
	}

	/** One word, up to a blank, {@code ;}, {@code |} or the end. */
	private Word word() {
		List<Part> parts = new ArrayList<>();
		StringBuilder plain = new StringBuilder();
		int start = at;
		while (at < line.length()) {
			char c = line.charAt(at);
			if (c == ' ' || c == '\t' || c == ';' || c == '\n' || c == '|') {
				break;
			}
			switch (c) {
				case '\'' -> {
					flush(parts, plain);
					parts.add(new Literal(singleQuoted(), true));
				}
				case '"' -> {
					flush(parts, plain);
					doubleQuoted(parts);
				}
				case '\\' -> {
					if (at + 1 >= line.length()) {
						throw refused("a '\\' at the end of the line escapes nothing");
					}
					flush(parts, plain);
					parts.add(new Literal(String.valueOf(line.charAt(at + 1)), true));
					at += 2;
				}
				case '$' -> {
					flush(parts, plain);
					parts.add(variable());
				}
				default -> {
					refuseUnquoted(c, at == start);
					plain.append(c);
					at++;
				}
			}
		}
		flush(parts, plain);
		return new Word(List.copyOf(parts));
	}

	private static void flush(List<Part> parts, StringBuilder plain) {
		if (!plain.isEmpty()) {
			parts.add(new Literal(plain.toString(), false));
			plain.setLength(0);
		}
	}

	private void refuseUnquoted(char c, boolean wordStart) {
		String what = switch (c) {
			case '>', '<' -> "'" + c + "' (a redirection; OS2 commands write to the console and their files in the workspace)";
			case '&' -> "'&' (background jobs and redirections are not part of it)";
			case '(', ')' -> "'" + c + "' (a closure or a method call)";
			case '{', '}' -> "'" + c + "' (a block)";
			case '*', '?', '[', ']' -> "'" + c + "' (a glob)";
			case '`' -> "'`' (a substitution)";
			default -> null;
		};
		if (what == null && c == '%' && at + 1 < line.length() && line.charAt(at + 1) == '(') {
			what = "'%(' (arithmetic)";
		}
		if (what == null && wordStart && c == '~') {
			what = "'~' at the start of a word (a home directory)";
		}
		if (what == null && wordStart && c == '#') {
			what = "'#' at the start of a word (a comment)";
		}
		if (what == null && Character.isISOControl(c)) {
			what = "a control character (U+" + String.format("%04X", (int) c) + ")";
		}
		if (what != null) {
			throw refused(what + " is not part of the agent language");
		}
	}

	private String singleQuoted() {
		int close = line.indexOf('\'', at + 1);
		if (close < 0) {
			throw refused("a quote (') is not closed");
		}
		String text = line.substring(at + 1, close);
		at = close + 1;
		return text;
	}

	/** {@code "…"}: text, {@code \} before {@code " \ $}, and {@code $NAME}. */
	private void doubleQuoted(List<Part> parts) {
		StringBuilder text = new StringBuilder();
		at++;
		while (true) {
			if (at >= line.length()) {
				throw refused("a quote (\") is not closed");
			}
			char c = line.charAt(at);
			if (c == '"') {
				at++;
				break;
			}
			if (c == '\\' && at + 1 < line.length() && "\"\\$".indexOf(line.charAt(at + 1)) >= 0) {
				text.append(line.charAt(at + 1));
				at += 2;
			} else if (c == '$') {
				parts.add(new Literal(text.toString(), true));
				text.setLength(0);
				parts.add(variable());
			} else if (c == '%' && at + 1 < line.length() && line.charAt(at + 1) == '(') {
				throw refused("'%(' (arithmetic) is not part of the agent language, in quotes or not; use '…' for the text");
			} else {
				text.append(c);
				at++;
			}
		}
		parts.add(new Literal(text.toString(), true));
	}

	/** {@code $NAME}; any other use of {@code $} is refused. */
	private Part variable() {
		int start = at + 1;
		int end = start;
		while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')
				&& line.charAt(end) < 128) {
			end++;
		}
		String name = line.substring(start, end);
		if (!VARIABLE_NAME.matcher(name).matches()) {
			String after = end < line.length() ? line.substring(end, Math.min(end + 2, line.length())) : "";
			throw refused("'$" + after + "' (only $NAME, an agent's own variable, is part of the agent language; no $(…),"
					+ " ${…} or framework objects)");
		}
		at = end;
		return new Variable(name);
	}

	private void skipBlanks() {
		while (at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
			at++;
		}
	}

	private static UsageException refused(String what) {
		return new UsageException("refused: " + what + "; " + LANGUAGE);
	}
}
