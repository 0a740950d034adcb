package org.ergraph.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;

/**
 * A real Neo4j DBMS for ergraph's tests and benchmark, started by Neo4j's own test harness.
 *
 * <ul>
 *   <li>Bolt on 127.0.0.1, on a free port (or {@code --port N}); HTTP disabled.</li>
 *   <li>Authentication on: user {@code neo4j}, password from the environment variable
 *       {@code ERGRAPH_TEST_NEO4J_PASSWORD} (required, never printed).</li>
 *   <li>Data in a fresh folder under {@code --root DIR} (default: the system temporary
 *       folder), deleted when the server stops.</li>
 *   <li>Prints one line {@code ERGRAPH_NEO4J_BOLT bolt://127.0.0.1:PORT} on stdout once Bolt
 *       accepts connections; logs go to stderr and the data folder.</li>
 *   <li>Runs until stdin closes (the parent died or closed the pipe) or it is signalled.</li>
 * </ul>
 *
 * Options: {@code --page-cache 64m} (Neo4j page cache), {@code --tx-memory 1g} (per
 * transaction memory limit).
 */
public final class Neo4jTestServer {
    static final String PASSWORD_ENV = "ERGRAPH_TEST_NEO4J_PASSWORD";
    static final String READY = "ERGRAPH_NEO4J_BOLT ";

    private Neo4jTestServer() {}

    public static void main(String[] args) throws Exception {
        int port = 0;
        Path parent = Path.of(System.getProperty("java.io.tmpdir"));
        String pageCache = "64m";
        String txMemory = "0";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> { port = Integer.parseInt(need(args[i], value)); i++; }
                case "--root" -> { parent = Path.of(need(args[i], value)); i++; }
                case "--page-cache" -> { pageCache = need(args[i], value); i++; }
                case "--tx-memory" -> { txMemory = need(args[i], value); i++; }
                default -> fail("unknown option " + args[i]);
            }
        }
        String password = System.getenv(PASSWORD_ENV);
        if (password == null || password.length() < 8) {
            fail("set " + PASSWORD_ENV + " (at least 8 characters) to the password to require");
        }
        Files.createDirectories(parent);
        Path root = Files.createTempDirectory(parent, "ergraph-neo4j-");

        Neo4j neo4j = null;
        RuntimeException last = null;
        // A free port can be taken between probing and binding: try a few.
        for (int attempt = 0; attempt < 5 && neo4j == null; attempt++) {
            int bolt = port != 0 ? port : freePort();
            try {
                neo4j = Neo4jBuilders.newInProcessBuilder(root)
                        .withDisabledServer()
                        .withConfig(HttpConnector.enabled, false)
                        .withConfig(BoltConnector.enabled, true)
                        .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", bolt))
                        .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", bolt))
                        .withConfig(GraphDatabaseSettings.auth_enabled, true)
                        .withConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
                        .withConfig(GraphDatabaseSettings.memory_transaction_max_size, ByteUnit.parse(txMemory))
                        .build();
            } catch (RuntimeException exc) {
                last = exc;
                if (port != 0) {
                    break;
                }
            }
        }
        if (neo4j == null) {
            deleteRecursively(root);
            throw last != null ? last : new IllegalStateException("Neo4j did not start");
        }
        // The harness creates the neo4j user with the default password and a forced change:
        // set ours on the system database (an administration command, not data).
        neo4j.databaseManagementService().database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));

        CountDownLatch stop = new CountDownLatch(1);
        AtomicBoolean stopped = new AtomicBoolean();
        Neo4j server = neo4j;
        Runnable shutdown = () -> {
            if (stopped.compareAndSet(false, true)) {
                try {
                    server.close();
                } finally {
                    deleteRecursively(root);
                    stop.countDown();
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "neo4j-test-server-shutdown"));

        System.out.println(READY + "bolt://127.0.0.1:" + server.boltURI().getPort());
        System.out.flush();
        System.err.println("Neo4j " + org.neo4j.kernel.internal.Version.getNeo4jVersion()
                + " ready; data in " + root + "; close stdin or signal to stop");

        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // ignore input; end of stream means the parent is gone
                }
            } catch (IOException ignored) {
                // treat like end of stream
            }
            shutdown.run();
        }, "neo4j-test-server-stdin");
        watcher.setDaemon(true);
        watcher.start();
        stop.await();
        System.exit(0);
    }

    private static String need(String option, String value) {
        if (value == null) {
            fail(option + " needs a value");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("neo4j-test-server: " + message);
        System.exit(2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException exc) {
            System.err.println("neo4j-test-server: could not delete " + root + ": " + exc);
        }
    }
}
