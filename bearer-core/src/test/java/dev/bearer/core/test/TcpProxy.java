package dev.bearer.core.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of a database server that a fault test can cut: {@link #cut()}
 * closes every open connection and refuses new ones until {@link #restore()}, as a
 * network partition or a restarting server would. Point a JDBC URL at it with
 * {@link #jdbcUrl(String)}, anything else at {@link #port()}.
 */
public final class TcpProxy implements AutoCloseable {

	private final InetSocketAddress target;

	private final ServerSocket server;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	private volatile boolean cut;

	private TcpProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + this.server.getLocalPort());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/**
	 * A proxy to the host and port of {@code jdbcUrl} (a
	 * {@code jdbc:vendor://host:port/…} URL).
	 */
	public static TcpProxy forJdbcUrl(String jdbcUrl) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		try {
			return new TcpProxy(new InetSocketAddress(uri.getHost(), uri.getPort()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A proxy to {@code host}:{@code port} (e.g. a Redis server). */
	public static TcpProxy to(String host, int port) {
		try {
			return new TcpProxy(new InetSocketAddress(host, port));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The loopback port the proxy listens on. */
	public int port() {
		return this.server.getLocalPort();
	}

	/** {@code jdbcUrl} with its host and port replaced by the proxy's. */
	public String jdbcUrl(String jdbcUrl) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		String authority = uri.getHost() + ":" + uri.getPort();
		return jdbcUrl.replaceFirst(Pattern.quote(authority), "127.0.0.1:" + this.server.getLocalPort());
	}

	/** Closes every connection through the proxy and refuses new ones. */
	public void cut() {
		this.cut = true;
		this.sockets.forEach(TcpProxy::closeQuietly);
		this.sockets.clear();
	}

	/** Lets connections through again. */
	public void restore() {
		this.cut = false;
	}

	@Override
	public void close() {
		cut();
		closeQuietly(this.server);
	}

	private void acceptLoop() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.cut) {
					client.setSoLinger(true, 0);
					client.close();
					continue;
				}
				Socket upstream = new Socket();
				upstream.connect(this.target, 2000);
				this.sockets.add(client);
				this.sockets.add(upstream);
				pipe(client, upstream);
				pipe(upstream, client);
			}
			catch (IOException ex) {
				// the server socket closed, or the target refused: the client sees a
				// closed
				// connection, as it would without the proxy
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// the other side closed or the proxy was cut
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "tcp-proxy-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// closing is all that is wanted; a socket already closed is fine
		}
	}

}
