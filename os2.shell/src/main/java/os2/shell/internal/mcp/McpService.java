package os2.shell.internal.mcp;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import tools.jackson.databind.json.JsonMapper;

import os2.shell.internal.session.CommandOutcome;
import os2.shell.internal.session.CoreServices;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

/**
 * OS2 as an MCP server, on the official MCP Java SDK's classic server API (asynchronous: a call's
 * result is handed on from the session's own thread as soon as its command is over, no thread
 * waiting on it): its tools are the
 * commands agents may run, described by their declarations ({@link ToolDeclarations}) and kept in
 * step with them — a tool bundle that starts or stops while clients are connected adds or takes
 * away its tools, and clients hear {@code notifications/tools/list_changed}. Each MCP session is an
 * OS2 agent session of its own ({@link AgentConnection}), in the workspace {@code workspaces} gives it.
 */
final class McpService implements AutoCloseable {

	/** What OS2 tells a client about itself at {@code initialize}. */
	static final String INSTRUCTIONS = "OS2 runs each tool sandboxed, under the grants the owner gave and a budget, and"
			+ " records every call in a tamper-evident ledger. Output is held to a token budget (token_budget raises it);"
			+ " 'transcript' with a result's run id shows all of it, 'why' the record of a run.";

	private final CoreServices core;
	private final Function<String, Path> workspaces;
	private final PrintStream log;
	private final McpJsonMapper mapper = new JacksonMcpJsonMapper(JsonMapper.builder().build());
	private final Map<String, AgentConnection> connections = new ConcurrentHashMap<>();
	private final ScheduledExecutorService syncing = Executors.newSingleThreadScheduledExecutor(
			runnable -> Thread.ofPlatform().daemon().name("os2-mcp-tools").unstarted(runnable));
	private final AtomicBoolean syncPending = new AtomicBoolean();
	private final Runnable catalogChanged = this::scheduleSync;
	/** The tools offered now, by name; changed on the syncing thread only (and while building). */
	private Map<String, McpTool> offered = Map.of();
	private McpAsyncServer server;

	private McpService(CoreServices core, Function<String, Path> workspaces, PrintStream log) {
		this.core = core;
		this.workspaces = workspaces;
		this.log = log;
	}

	McpJsonMapper mapper() {
		return mapper;
	}

	/**
	 * Serves until {@link #close}.
	 *
	 * @param serverOn the SDK's server on a transport ({@code McpServer.async(transport)}), the transport
	 *        given the service to tell of cancellations ({@link #cancelled}) and ended sessions ({@link #ended})
	 * @param workspaces the workspace of a new MCP session, by its session id
	 */
	static McpService start(CoreServices core, Function<McpService, McpServer.AsyncSpecification<?>> serverOn,
			Function<String, Path> workspaces, PrintStream log) {
		McpService service = new McpService(core, workspaces, log);
		service.offered = ToolDeclarations.of(core.catalog().agentCommands());
		service.server = serverOn.apply(service).serverInfo("os2", core.environment().version())
				.instructions(INSTRUCTIONS).jsonMapper(service.mapper)
				.jsonSchemaValidator(new DefaultJsonSchemaValidator(JsonMapper.builder().build()))
				.capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(false, false).build())
				.tools(service.offered.values().stream().map(service::specification).toList())
				.resourceTemplates(RunResources.templates(service::read)).build();
		core.catalog().onChange(service.catalogChanged);
		return service;
	}

	/** A client cancelled its request {@code requestId} (a transport heard it). */
	void cancelled(String sessionId, Object requestId, String reason) {
		AgentConnection connection = connections.get(sessionId);
		if (connection != null) {
			connection.cancel(requestId, reason);
		}
	}

	/** The MCP session {@code sessionId} is over (its client left): its agent session ends, on record. */
	void ended(String sessionId) {
		AgentConnection connection = connections.remove(sessionId);
		if (connection != null) {
			connection.close();
		}
	}

	private McpServerFeatures.AsyncToolSpecification specification(McpTool tool) {
		return McpServerFeatures.AsyncToolSpecification.builder().tool(tool.describe())
				.callHandler((exchange, request) -> call(tool, exchange, request)).build();
	}

	private Mono<McpSchema.CallToolResult> call(McpTool tool, McpAsyncServerExchange exchange, McpSchema.CallToolRequest request) {
		return Mono.fromFuture(() -> {
			Object requestId = exchange.transportContext().get(LineTransport.REQUEST_ID);
			ProgressNotifications progress = new ProgressNotifications(exchange, request.progressToken());
			return connection(exchange).call(tool, request.arguments(), requestId, progress).thenApply(CallResults::of);
		});
	}

	/** A resource read: {@code words} (a command and its words) run in the exchange's session. */
	private Mono<CommandOutcome> read(McpAsyncServerExchange exchange, List<String> words) {
		return Mono.fromFuture(() -> connection(exchange).submit(words.getFirst(), words.subList(1, words.size()), new byte[0],
				exchange.transportContext().get(LineTransport.REQUEST_ID), new ProgressNotifications(exchange, null)));
	}

	/** The agent session of the exchange's MCP session, opened at its first call. */
	private AgentConnection connection(McpAsyncServerExchange exchange) {
		return connections.computeIfAbsent(exchange.sessionId(), id -> AgentConnection.open(core, workspaces.apply(id), log));
	}

	/** Looks at the catalog again a moment after it changed: a bundle's commands come and go together. */
	private void scheduleSync() {
		if (syncPending.compareAndSet(false, true)) {
			syncing.schedule(this::sync, 200, TimeUnit.MILLISECONDS);
		}
	}

	/** Offers the tools the catalog has now; the SDK tells clients of each one added, replaced or removed. */
	private void sync() {
		syncPending.set(false);
		try {
			Map<String, McpTool> now = ToolDeclarations.of(core.catalog().agentCommands());
			Map<String, McpTool> before = new HashMap<>(offered);
			for (Map.Entry<String, McpTool> entry : now.entrySet()) {
				if (!entry.getValue().equals(before.remove(entry.getKey()))) {
					server.addTool(specification(entry.getValue())).block();
				}
			}
			before.keySet().forEach(gone -> server.removeTool(gone).block());
			offered = Map.copyOf(now);
		} catch (RuntimeException failed) {
			log.println("os2 mcp: the tool list could not be brought up to date: " + failed);
		}
	}

	@Override
	public void close() {
		core.catalog().removeOnChange(catalogChanged);
		syncing.shutdownNow();
		connections.keySet().forEach(this::ended);
		server.close();
	}
}
