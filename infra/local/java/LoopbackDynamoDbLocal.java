import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import software.amazon.dynamodb.services.local.main.CommandLineInput;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local listening on 127.0.0.1 only.
 *
 * <p>DynamoDBLocal.jar's own main (ServerRunner) builds its Jetty server with {@code new
 * Server(port)}, which listens on every interface, and has no option to bind an address. This
 * launcher takes the jar's command line ({@code -inMemory | -dbPath <dir>}, {@code -sharedDb},
 * {@code -port <n>}, {@code -cors}, {@code -delayTransientStatuses}, {@code -disableTelemetry}),
 * parsed by the jar's own CommandLineInput, and builds the same handlers ServerRunner.createServer
 * builds, behind the same context handler DynamoDBProxyServer.setUpHandler sets up, but on a Jetty
 * server whose only connector is bound to 127.0.0.1. It uses public constructors only, so a newer
 * jar that changes them fails to compile or start instead of silently listening everywhere.
 *
 * <p>Compiled on first use by infra/local/dynamodb-local.ts; see
 * docs/decisions/0014-loopback-only-local-servers.md.
 */
public final class LoopbackDynamoDbLocal {
  /** Held so that the level set below is not lost when the logger is collected. */
  private static final Logger SQLITE_LOGGER = Logger.getLogger("com.almworks.sqlite4java");

  private LoopbackDynamoDbLocal() {}

  public static void main(String[] args) throws Exception {
    // What ServerRunner's static initialiser sets: quiet Jetty and sqlite4java.
    System.setProperty("org.eclipse.jetty.util.log.announce", "false");
    System.setProperty("org.eclipse.jetty.LEVEL", "WARN");
    SQLITE_LOGGER.setLevel(Level.WARNING);

    CommandLineInput input = new CommandLineInput(args);
    if (!input.init()) return; // -help or -version: the jar printed what was asked
    if (input.shouldOptimizeDBBeforeStartup()) {
      System.err.println("-optimizeDbBeforeStartup is not supported by the loopback launcher");
      System.exit(2);
    }

    LocalDynamoDBServerHandler handler =
        new LocalDynamoDBServerHandler(
            new LocalDynamoDBRequestHandler(
                0,
                input.isInMemory(),
                input.getDbPath(),
                input.getSharedDb(),
                input.shouldDelayTransientStatuses()),
            input.getCorsParams());
    ContextHandler context = new ContextHandler();
    context.setHandler(handler);
    ContextHandlerCollection contexts = new ContextHandlerCollection();
    contexts.addHandler(context);

    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    Server server = new Server(new InetSocketAddress(loopback, input.getPort()));
    server.setHandler(contexts);
    try {
      server.start();
    } catch (Exception error) {
      // Same wording as the jar ("Could not start server on port ..."), with the cause
      // (java.net.BindException: Address already in use) that the Node side looks for.
      Throwable cause = error.getCause() != null ? error.getCause() : error;
      System.err.printf(
          "Could not start server on port %d: %s (%s)%n", input.getPort(), error, cause);
      server.stop();
      handler.close();
      System.exit(1);
    }
    System.out.printf("DynamoDB Local listening on 127.0.0.1:%d%n", input.getPort());
    server.join();
  }
}
