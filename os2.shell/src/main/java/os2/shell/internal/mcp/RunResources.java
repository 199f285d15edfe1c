package os2.shell.internal.mcp;

import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import os2.shell.internal.session.CommandOutcome;

import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

/**
 * What the ledger keeps of a run, as MCP resources a client reads by the run id a result gave:
 * {@code os2://transcript/RUN} (all of its output, as {@code transcript RUN}),
 * {@code os2://why/RUN} (its record, as {@code why RUN}) and {@code os2://ledger/run/RUN} (its
 * ledger entries, one JSON object a line). Each read is the session's command, run and recorded as
 * any other, with what an agent may see.
 */
final class RunResources {

	/** A run id as the kernel makes them; nothing else is ever put on a command line. */
	private static final Pattern RUN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	/** One resource template: its URI before the run id, and the command that reads it. */
	private record Kind(String prefix, String name, String description, String mimeType, String command, List<String> before,
			List<String> after) {
	}

	private static final List<Kind> KINDS = List.of(
			new Kind("os2://transcript/", "transcript", "all of a tool run's output, as it was written (transcript RUN)",
					"text/plain", "transcript", List.of(), List.of()),
			new Kind("os2://why/", "why", "a tool run's record: who ran what, under which grants and budget, how it ended (why RUN)",
					"text/plain", "why", List.of(), List.of()),
			new Kind("os2://ledger/run/", "ledger-run", "a tool run's ledger entries, one JSON object a line (ledger show --run RUN)",
					"application/jsonl", "ledger", List.of("show", "--run"), List.of("--json", "--limit", "100000")));

	private RunResources() {
	}

	/**
	 * The templates, read in the session of the exchange: {@code commands} runs a command with its
	 * words there.
	 */
	static List<McpServerFeatures.AsyncResourceTemplateSpecification> templates(
			BiFunction<McpAsyncServerExchange, List<String>, Mono<CommandOutcome>> commands) {
		return KINDS.stream().map(kind -> new McpServerFeatures.AsyncResourceTemplateSpecification(
				McpSchema.ResourceTemplate.builder(kind.prefix() + "{run}", kind.name()).description(kind.description())
						.mimeType(kind.mimeType()).build(),
				(exchange, request) -> read(kind, request.uri(), words -> commands.apply(exchange, words)))).toList();
	}

	private static Mono<McpSchema.ReadResourceResult> read(Kind kind, String uri,
			java.util.function.Function<List<String>, Mono<CommandOutcome>> commands) {
		String run = uri.startsWith(kind.prefix()) ? uri.substring(kind.prefix().length()) : "";
		if (!RUN.matcher(run).matches()) {
			return Mono.error(McpError.RESOURCE_NOT_FOUND.apply(uri));
		}
		List<String> line = new java.util.ArrayList<>();
		line.add(kind.command());
		line.addAll(kind.before());
		line.add(run);
		line.addAll(kind.after());
		return commands.apply(line).flatMap(outcome -> {
			if (outcome.status() != 0 || (kind.command().equals("ledger") && outcome.output().isEmpty())) {
				return Mono.error(McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND)
						.message(uri + ": " + outcome.errors().strip()).build());
			}
			return Mono.just(new McpSchema.ReadResourceResult(
					List.of(new McpSchema.TextResourceContents(uri, kind.mimeType(), outcome.output()))));
		});
	}
}
